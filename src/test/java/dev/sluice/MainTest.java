package dev.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line without starting a server: help, version, and one-line errors with their exit status.
 *
 * <p>Threading: single-threaded; each test has its own command line and output buffers.
 */
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tempDir;

    @Test
    void noArgumentsPrintsHelp() {
        assertEquals(0, run());
        assertTrue(out.toString().contains("Usage: sluice"), out.toString());
        assertTrue(out.toString().contains("start"), out.toString());
    }

    @Test
    void versionWithoutAJarIsDev() {
        assertEquals(0, run("--version"));
        assertEquals("sluice dev", out.toString().strip());
    }

    @Test
    void startHelpListsItsOptions() {
        assertEquals(0, run("start", "--help"));
        for (String option : new String[] {"--config", "--data-dir", "--amqp-port", "--http-port", "--host"}) {
            assertTrue(out.toString().contains(option), option + " missing from: " + out);
        }
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        assertEquals(2, run("start", "--no-such-option"));
        assertOneLineError("Unknown option: '--no-such-option'");
    }

    @Test
    void portOutOfRangeIsAOneLineUsageError() {
        assertEquals(2, run("start", "--amqp-port", "70000"));
        assertOneLineError("70000");
    }

    @Test
    void missingConfigFileIsAOneLineStartFailure() {
        Path missing = tempDir.resolve("missing.yaml");
        assertEquals(1, run("start", "--amqp-port", "0", "--data-dir", tempDir.toString(),
                "--config", missing.toString()));
        assertOneLineError("config file not found");
    }

    private int run(String... args) {
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private void assertOneLineError(String expected) {
        String text = err.toString();
        assertTrue(text.startsWith("sluice: ") && text.contains(expected), text);
        assertEquals(1, text.strip().lines().count(), text);
        assertEquals("", out.toString());
    }
}
