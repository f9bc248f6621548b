package dev.sluice.config;

import java.util.List;

/**
 * A configuration file that cannot be used, with every problem found in it (validation does not
 * stop at the first one).
 *
 * <p>Threading: immutable.
 */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(summary(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** One problem per line. */
    public String listing() {
        StringBuilder b = new StringBuilder();
        for (ConfigProblem p : problems) {
            b.append(p).append('\n');
        }
        return b.toString();
    }

    private static String summary(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            return "invalid configuration";
        }
        String file = problems.get(0).file();
        return file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }
}
