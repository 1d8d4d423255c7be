package io.webappupgrade.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, ordered the way people read versions rather than as text:
 * {@code 1.10 > 1.9}, {@code 2.0.0-rc1 < 2.0.0}, {@code 1.0 == 1.0.0}, {@code rc2 < rc10}.
 *
 * <p>Accepted form: an optional {@code v}, one or more dot-separated numbers, an optional
 * pre-release after {@code -} (dot-separated letters, digits and hyphens) and optional build
 * metadata after {@code +}, which is ignored for ordering (as in Semantic Versioning).
 */
public final class Version implements Comparable<Version> {

    private static final Pattern FORM = Pattern.compile(
            "[vV]?(\\d+(?:\\.\\d+)*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern DIGITS_OR_NOT = Pattern.compile("\\d+|\\D+");

    private final String text;
    private final List<String> release;
    private final List<String> preRelease;

    private Version(String text, List<String> release, List<String> preRelease) {
        this.text = text;
        this.release = release;
        this.preRelease = preRelease;
    }

    /**
     * Parses a version.
     *
     * @throws IllegalArgumentException naming the value and the accepted form when it does not fit
     */
    public static Version parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a version is required (for example 2.1.0 or 2.1.0-rc1)");
        }
        String trimmed = text.trim();
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version: expected numbers separated by dots,"
                    + " optionally followed by -prerelease (for example 2.1.0, 1.10 or 2.0.0-rc1)");
        }
        List<String> release = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            release.add(stripLeadingZeros(part));
        }
        // 1.0 and 1.0.0 name the same release.
        while (release.size() > 1 && release.get(release.size() - 1).equals("0")) {
            release.remove(release.size() - 1);
        }
        List<String> pre = m.group(2) == null ? List.of() : List.of(m.group(2).split("\\."));
        return new Version(trimmed, List.copyOf(release), pre);
    }

    /** Whether {@code text} is a version {@link #parse} accepts. */
    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text.trim()).matches();
    }

    public boolean isNewerThan(Version other) {
        return compareTo(other) > 0;
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.max(release.size(), other.release.size());
        for (int i = 0; i < n; i++) {
            String a = i < release.size() ? release.get(i) : "0";
            String b = i < other.release.size() ? other.release.get(i) : "0";
            int c = compareNumbers(a, b);
            if (c != 0) {
                return c;
            }
        }
        // A pre-release comes before its release.
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int m = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < m; i++) {
            int c = compareNatural(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    /** Compares identifiers such as {@code rc2} and {@code rc10} run by run, digits as numbers. */
    private static int compareNatural(String a, String b) {
        Matcher ma = DIGITS_OR_NOT.matcher(a);
        Matcher mb = DIGITS_OR_NOT.matcher(b);
        while (true) {
            boolean ha = ma.find();
            boolean hb = mb.find();
            if (!ha || !hb) {
                return Boolean.compare(ha, hb);
            }
            String ra = ma.group();
            String rb = mb.group();
            boolean da = Character.isDigit(ra.charAt(0));
            boolean db = Character.isDigit(rb.charAt(0));
            int c;
            if (da && db) {
                c = compareNumbers(stripLeadingZeros(ra), stripLeadingZeros(rb));
            } else if (da != db) {
                c = da ? -1 : 1; // numeric identifiers sort before alphanumeric ones
            } else {
                c = ra.compareTo(rb);
            }
            if (c != 0) {
                return c;
            }
        }
    }

    private static int compareNumbers(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && release.equals(v.release) && preRelease.equals(v.preRelease);
    }

    @Override
    public int hashCode() {
        return Objects.hash(release, preRelease);
    }

    /** The version as it was written. */
    @Override
    public String toString() {
        return text;
    }
}
