package io.webappupgrade.haproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code show servers state}: a format version line, a '#' header of names, then space-separated rows. */
final class ServerStateText {

    private ServerStateText() {
    }

    static List<ServerStateRow> parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length < 2 || !lines[0].trim().equals("1") || !lines[1].startsWith("# ")) {
            throw new IllegalArgumentException(
                    "not the output of 'show servers state': expected format version 1 and a '# be_id ...' header");
        }
        String[] header = lines[1].substring(2).trim().split(" +");
        List<ServerStateRow> rows = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].trim().split(" +");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 0; c < header.length && c < cells.length; c++) {
                fields.put(header[c], cells[c]);
            }
            rows.add(new ServerStateRow(
                    text(fields, "be_name"), text(fields, "srv_name"), text(fields, "srv_addr"),
                    number(fields, "srv_port"), number(fields, "srv_op_state"), number(fields, "srv_admin_state"),
                    fields));
        }
        return List.copyOf(rows);
    }

    private static String text(Map<String, String> fields, String column) {
        String v = fields.get(column);
        if (v == null) {
            throw new IllegalArgumentException("'show servers state' has no '" + column + "' column");
        }
        return v;
    }

    private static int number(Map<String, String> fields, String column) {
        String v = text(fields, column);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'show servers state' column '" + column + "' is '" + v + "': expected a number", e);
        }
    }
}
