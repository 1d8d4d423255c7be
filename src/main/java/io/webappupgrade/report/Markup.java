package io.webappupgrade.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Writes markup that is both HTML5 and well-formed XML (XHTML with inline SVG). Every text and
 * attribute value goes through escaping here, so text from a run (instance ids, error messages,
 * versions) can never become markup. Element and attribute names come from this package's code only.
 */
final class Markup {

    /** HTML elements that have no end tag; any other HTML element written empty gets one. */
    private static final Set<String> VOID_HTML = Set.of("meta", "br", "col", "hr", "img", "link", "wbr");

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Deque<String> open = new ArrayDeque<>();
    private int svgDepth;

    Markup raw(String trusted) {
        out.append(trusted);
        return this;
    }

    /** Opens an element; {@code attributes} are name, value pairs (a null value leaves the attribute out). */
    Markup open(String name, String... attributes) {
        startTag(name, attributes);
        out.append('>');
        open.push(name);
        if (name.equals("svg")) {
            svgDepth++;
        }
        return this;
    }

    Markup close() {
        String name = open.pop();
        if (name.equals("svg")) {
            svgDepth--;
        }
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element without content. */
    Markup empty(String name, String... attributes) {
        startTag(name, attributes);
        // HTML reads <div/> as an open tag; only SVG and void HTML elements may close themselves.
        if (svgDepth > 0 || VOID_HTML.contains(name)) {
            out.append("/>");
        } else {
            out.append("></").append(name).append('>');
        }
        return this;
    }

    /** An element holding only {@code text}. */
    Markup element(String name, String text, String... attributes) {
        return open(name, attributes).text(text).close();
    }

    Markup text(String text) {
        escape(text == null ? "" : text, false);
        return this;
    }

    Markup newline() {
        out.append('\n');
        return this;
    }

    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void startTag(String name, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs: " + String.join(", ", attributes));
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"");
                escape(attributes[i + 1], true);
                out.append('"');
            }
        }
    }

    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&#39;" : "'");
                default -> appendAllowed(s, i, c);
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(s.charAt(++i));
            }
        }
    }

    /** XML 1.0 forbids most control characters and lone surrogates; they are shown as U+FFFD. */
    private void appendAllowed(String s, int i, char c) {
        boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        boolean allowed = c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD) || pairedHigh;
        out.append(allowed ? c : '\uFFFD');
    }
}
