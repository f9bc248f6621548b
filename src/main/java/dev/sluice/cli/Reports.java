package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints what a reload or an import did: the applied changes, then the ones reported but not
 * applied, or {@code none} when nothing changed.
 *
 * <p>Threading: stateless.
 */
final class Reports {
    private Reports() {
    }

    static void print(JsonNode report, boolean json, String none, PrintWriter out) {
        if (json) {
            out.println(report.toPrettyString());
        } else {
            report.path("applied").forEach(c -> out.println(c.asText()));
            report.path("not_applied").forEach(c -> out.println(c.asText()));
            if (report.path("applied").isEmpty() && report.path("failed").isEmpty()) {
                out.println(none);
            }
        }
        out.flush();
    }
}
