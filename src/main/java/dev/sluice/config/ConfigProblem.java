package dev.sluice.config;

/**
 * One thing wrong with a configuration file, where it is and what would be right.
 *
 * @param file the file's name as the user gave it
 * @param line 1-based
 * @param column 1-based
 * @param message what is wrong, and what is allowed
 *
 * <p>Threading: immutable.
 */
public record ConfigProblem(String file, int line, int column, String message) {
    /** {@code file:line:column: message}, the form compilers use, which editors can jump to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
