package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.store.StoreSettings;
import dev.sluice.store.StoredEntry;
import dev.sluice.testing.Messages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM that writes a store: everything it had confirmed is there after reopening,
 * nothing it had not committed is, and the file opens cleanly.
 */
class MapDbKillTest {
    private static final int CONFIRMED = 200;

    @TempDir
    Path dir;

    @Test
    void confirmedMessagesSurviveAKillAndUncommittedOnesDoNot() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledWriterMain.class.getName(), dir.toString(), Integer.toString(CONFIRMED))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.equals(KilledWriterMain.DURABLE)) {
                seen.add(line);
            }
            assertEquals(KilledWriterMain.DURABLE, line, "child output: " + seen);
            Thread.sleep(200);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (MapDbStorage storage = MapDbStorage.open(dir, StoreSettings.mapDb())) {
            List<StoredEntry> entries = storage.messages().recover(KilledWriterMain.QUEUE);
            assertEquals(CONFIRMED, entries.size());
            for (int i = 0; i < CONFIRMED; i++) {
                assertEquals(i + 1, entries.get(i).seq());
                assertEquals("m" + (i + 1), Messages.bodyOf(entries.get(i).message()));
            }
            assertEquals(CONFIRMED, storage.messages().highestMessageId());
        }
    }
}
