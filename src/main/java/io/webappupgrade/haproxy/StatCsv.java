package io.webappupgrade.haproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the CSV of {@code show stat} by its header names, so new HAProxy columns do not shift anything. */
final class StatCsv {

    private StatCsv() {
    }

    static List<StatRow> parse(String csv) {
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            throw new IllegalArgumentException("not the CSV of 'show stat': it does not start with a '# pxname,...' header");
        }
        String[] header = lines[0].substring(2).split(",", -1);
        List<StatRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 0; c < header.length && c < cells.length; c++) {
                if (!header[c].isEmpty() && !header[c].equals("-")) {
                    fields.put(header[c], cells[c]);
                }
            }
            rows.add(new StatRow(
                    required(fields, "pxname"), required(fields, "svname"), fields.getOrDefault("status", ""),
                    number(fields, "scur"), number(fields, "qcur"), fields.getOrDefault("check_status", ""),
                    fields.getOrDefault("addr", ""), fields));
        }
        return List.copyOf(rows);
    }

    private static String required(Map<String, String> fields, String column) {
        String v = fields.get(column);
        if (v == null) {
            throw new IllegalArgumentException("'show stat' CSV has no '" + column + "' column");
        }
        return v;
    }

    private static long number(Map<String, String> fields, String column) {
        String v = fields.getOrDefault(column, "");
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'show stat' column '" + column + "' is '" + v + "': expected a number", e);
        }
    }
}
