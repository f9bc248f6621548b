package dev.sluice.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code sluice} command of the packaged jar to its end (a CLI command, or a start that is
 * expected to fail) and keeps its exit status, standard output and standard error apart.
 *
 * <p>Threading: stateless; each run reads the child's two streams on two pool threads.
 */
public final class SluiceCommand {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SluiceCommand() {
    }

    /**
     * The outcome of one run.
     *
     * <p>Threading: immutable.
     */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n[out]\n" + out + "[err]\n" + err;
        }
    }

    /** Runs {@code java -jar sluice.jar ARGS} in {@code workDir} with empty standard input. */
    public static Result run(Path workDir, List<String> args) throws IOException, InterruptedException {
        return run(workDir, args, "");
    }

    /** Runs with {@code stdin} as standard input. */
    public static Result run(Path workDir, List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("sluice.java"),
                "-jar", System.getProperty("sluice.jar")));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sluice " + args + " did not end within " + TIMEOUT);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read: " + e + ")";
            }
        });
    }
}
