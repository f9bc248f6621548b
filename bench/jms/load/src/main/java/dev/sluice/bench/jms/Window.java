package dev.sluice.bench.jms;

/**
 * The run's time line in {@link System#nanoTime()} units: warm-up from {@code start} to
 * {@code measureFrom}, then the measured period until {@code end}, when producer and consumer stop.
 */
record Window(long start, long measureFrom, long end) {

    static Window startingNow(int warmupSeconds, int measuredSeconds) {
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        return new Window(start, measureFrom, measureFrom + measuredSeconds * 1_000_000_000L);
    }

    boolean measures(long nanoTime) {
        return nanoTime - measureFrom >= 0 && nanoTime - end < 0;
    }

    boolean isOver(long nanoTime) {
        return nanoTime - end >= 0;
    }
}
