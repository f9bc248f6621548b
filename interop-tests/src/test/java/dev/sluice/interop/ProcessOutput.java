package dev.sluice.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies a child process's standard output and standard error, line by line, into one log that
 * tests can show when they fail, and notices the first stdout line that starts with a given prefix.
 *
 * <p>Threading: one daemon thread per stream appends to the log; every public method may be called
 * from any thread.
 */
final class ProcessOutput {
    private final StringBuffer log = new StringBuffer();
    private final CompletableFuture<String> awaitedLine = new CompletableFuture<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    ProcessOutput(Process process, String awaitedPrefix) {
        stdoutPump = pump(process.getInputStream(), "out", awaitedPrefix);
        stderrPump = pump(process.getErrorStream(), "err", null);
    }

    /**
     * The first stdout line that starts with the awaited prefix.
     *
     * @throws IllegalStateException when stdout ends first or the line does not come in time
     */
    String awaitLine(Duration timeout) throws InterruptedException {
        try {
            return awaitedLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no ready line within " + timeout + "; output so far:\n" + text());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage() + "; output:\n" + text(), e.getCause());
        }
    }

    /** Waits until both streams have ended (the process has exited and its output is read). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        stdoutPump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        stderrPump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        return !stdoutPump.isAlive() && !stderrPump.isAlive();
    }

    /** Everything read so far, each line tagged {@code [out]} or {@code [err]}. */
    String text() {
        return log.toString();
    }

    private Thread pump(InputStream stream, String tag, String awaitedPrefix) {
        Thread thread = new Thread(() -> copyLines(stream, tag, awaitedPrefix), "broker-" + tag);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copyLines(InputStream stream, String tag, String awaitedPrefix) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                log.append('[').append(tag).append("] ").append(line).append('\n');
                if (awaitedPrefix != null && line.startsWith(awaitedPrefix)) {
                    awaitedLine.complete(line);
                }
            }
        } catch (IOException e) {
            awaitedLine.completeExceptionally(new UncheckedIOException("reading the broker's std" + tag, e));
        }
        if (awaitedPrefix != null) {
            awaitedLine.completeExceptionally(new IllegalStateException("the broker's stdout ended before the ready line"));
        }
    }
}
