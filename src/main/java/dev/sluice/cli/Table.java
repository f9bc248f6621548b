package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows of JSON objects as an aligned text table: one column per field path (such as
 * {@code queue.name} or {@code message_stats.publish_details.rate}), headed by its title.
 *
 * <p>Threading: confined to one command.
 */
final class Table {
    private final List<String> titles = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();

    Table column(String title, String path) {
        titles.add(title);
        paths.add(path);
        return this;
    }

    void print(JsonNode rows, PrintWriter out) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(titles);
        for (JsonNode row : rows) {
            List<String> line = new ArrayList<>();
            for (String path : paths) {
                line.add(text(row, path));
            }
            cells.add(line);
        }
        int[] widths = new int[titles.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    b.append("  ");
                }
                b.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i]));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }

    private static String text(JsonNode row, String path) {
        JsonNode node = row;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            return String.join(",", items);
        }
        if (node.isObject()) {
            return node.size() == 0 ? "" : node.toString();
        }
        return node.asText();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
