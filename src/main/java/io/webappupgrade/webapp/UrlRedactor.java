package io.webappupgrade.webapp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the secrets a release URL may carry: the {@code user:password@} part and the values of
 * its query parameters (signed URLs put their tokens there). Only the redacted form may reach a
 * log, a message or a runtime property.
 */
public final class UrlRedactor {

    static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*)@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&;][^=&;#]*=)([^&;#]*)");

    private UrlRedactor() {
    }

    /** The URL with its user info replaced by {@code ***} and each query value replaced by {@code ***}. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String out = USER_INFO.matcher(url).replaceFirst("$1" + Matcher.quoteReplacement(MASK) + "@");
        int query = out.indexOf('?');
        if (query < 0) {
            return out;
        }
        String head = out.substring(0, query);
        String tail = out.substring(query);
        return head + QUERY_VALUE.matcher(tail).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * Removes the secrets of {@code url} from {@code text} (for example a library's exception
     * message that quotes the URL or part of it).
     */
    public static String scrub(String text, String url) {
        if (text == null || url == null) {
            return text;
        }
        String out = text.replace(url, redact(url));
        for (String secret : secretsOf(url)) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    private static List<String> secretsOf(String url) {
        List<String> secrets = new ArrayList<>();
        Matcher user = USER_INFO.matcher(url);
        if (user.find() && !user.group(2).isEmpty()) {
            secrets.add(user.group(2));
            String[] parts = user.group(2).split(":", 2);
            for (String part : parts) {
                // Very short parts would mask unrelated text; the whole user info is masked above anyway.
                if (part.length() >= 4) {
                    secrets.add(part);
                }
            }
        }
        int query = url.indexOf('?');
        if (query >= 0) {
            Matcher m = QUERY_VALUE.matcher(url.substring(query));
            while (m.find()) {
                if (m.group(2).length() >= 4) {
                    secrets.add(m.group(2));
                }
            }
        }
        // Longest first so a secret that contains another is masked whole.
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return secrets;
    }
}
