package dev.sluice.store;

/**
 * Which store a broker keeps its messages and definitions in.
 *
 * <p>Threading: immutable.
 */
public enum StoreType {
    /** Nothing survives the process; for tests and throw-away brokers. */
    MEMORY,
    /** MapDB files under the broker's data directory. */
    MAPDB
}
