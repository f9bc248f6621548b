package dev.sluice.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems of one file while it is read, each at the position of the YAML node it
 * is about.
 *
 * <p>Threading: confined to the reading thread.
 */
final class Problems {
    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void add(Node node, String message) {
        Mark mark = node == null ? null : node.getStartMark().orElse(null);
        add(mark, message);
    }

    void add(Mark mark, String message) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        found.add(new ConfigProblem(file, line, column, message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** The problems by position. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> out = new ArrayList<>(found);
        out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return out;
    }
}
