package dev.sluice.config;

/**
 * One thing wrong with a configuration file, where it is and what would be right.
 *
 * @param file the file's name as the user gave it
 * @param line 1-based; 0 when the problem has no position (definitions.json)
 * @param column 1-based; 0 when the problem has no position
 * @param message what is wrong, and what is allowed
 *
 * <p>Threading: immutable.
 */
public record ConfigProblem(String file, int line, int column, String message) {
    /** {@code file:line:column: message}, the form compilers use, which editors can jump to. */
    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
