package io.webappupgrade.rollout.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A run's summary JSON as execution events, the channel through which a workflow on a manager
 * hands its report to the user's machine ({@code GET /events} returns them). The JSON is gzipped,
 * base64-encoded and cut into parts of at most {@link #PART_CHARS} characters, so that no event is
 * large; each part names the publication (a digest of the JSON) and its place, so parts can be read
 * in any order and a publication with a part missing is never half-read.
 *
 * <p>One part: {@code webapp_upgrade summary DIGEST I/N BASE64}.
 */
public final class SummaryEvents {

    /** The text every part starts with. */
    public static final String PREFIX = "webapp_upgrade summary ";
    /** Base64 characters per event: far below any event size limit of Cloudify's storage or queue. */
    public static final int PART_CHARS = 8000;

    private static final Pattern PART = Pattern.compile(
            Pattern.quote(PREFIX) + "([0-9a-f]{16}) (\\d{1,5})/(\\d{1,5}) ([A-Za-z0-9+/=]+)");

    private SummaryEvents() {
    }

    /** Whether an event's message is a part of a published summary. */
    public static boolean isPart(String message) {
        return message != null && message.startsWith(PREFIX);
    }

    /** The event messages that carry {@code json}, in order. */
    public static List<String> encode(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String text = java.util.Base64.getEncoder().encodeToString(gzip(bytes));
        String digest = sha(bytes);
        int count = Math.max(1, (text.length() + PART_CHARS - 1) / PART_CHARS);
        List<String> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String chunk = text.substring(i * PART_CHARS, Math.min(text.length(), (i + 1) * PART_CHARS));
            parts.add(PREFIX + digest + " " + (i + 1) + "/" + count + " " + chunk);
        }
        return parts;
    }

    /**
     * The summary JSON of the last publication whose parts are all among {@code messages}
     * (other messages are ignored), or empty when there is none.
     */
    public static Optional<String> decode(List<String> messages) {
        Map<String, Publication> publications = new LinkedHashMap<>();
        for (String message : messages) {
            Matcher m = message == null ? null : PART.matcher(message.strip());
            if (m == null || !m.matches()) {
                continue;
            }
            int index = Integer.parseInt(m.group(2));
            int count = Integer.parseInt(m.group(3));
            if (index < 1 || index > count) {
                continue;
            }
            String key = m.group(1) + "/" + count;
            // a publication read again (a resumed run publishing the same summary) moves to the end
            Publication p = publications.remove(key);
            p = p == null ? new Publication(m.group(1), count, new TreeMap<>()) : p;
            p.parts().put(index, m.group(4));
            publications.put(key, p);
        }
        List<Publication> ordered = new ArrayList<>(publications.values());
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Optional<String> json = ordered.get(i).json();
            if (json.isPresent()) {
                return json;
            }
        }
        return Optional.empty();
    }

    private record Publication(String digest, int count, TreeMap<Integer, String> parts) {
        Optional<String> json() {
            if (parts.size() != count) {
                return Optional.empty();
            }
            try {
                byte[] bytes = gunzip(java.util.Base64.getDecoder().decode(String.join("", parts.values())));
                return sha(bytes).equals(digest) ? Optional.of(new String(bytes, StandardCharsets.UTF_8))
                        : Optional.empty();
            } catch (IllegalArgumentException | IOException e) {
                return Optional.empty();
            }
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return z.readAllBytes();
        }
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
