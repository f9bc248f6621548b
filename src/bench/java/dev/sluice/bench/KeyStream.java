package dev.sluice.bench;

/**
 * A fixed array of routing keys handed out round robin, so that a benchmark reads a fresh key
 * each operation without allocating or calling a random number generator.
 *
 * <p>Threading: not thread-safe; owned by one {@code Scope.Thread} benchmark state.
 */
final class KeyStream {
    private final String[] keys;
    private final int mask;
    private int next;

    /** {@code keys.length} must be a power of two (the cursor wraps with a mask, not a division). */
    KeyStream(String[] keys) {
        if (keys.length == 0 || Integer.bitCount(keys.length) != 1) {
            throw new IllegalArgumentException("key count must be a power of two: " + keys.length);
        }
        this.keys = keys;
        this.mask = keys.length - 1;
    }

    String next() {
        String key = keys[next];
        next = (next + 1) & mask;
        return key;
    }

    int size() {
        return keys.length;
    }
}
