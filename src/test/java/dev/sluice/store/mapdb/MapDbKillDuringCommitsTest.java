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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a JVM that commits continuously (so the kill lands inside commits: while the journal
 * is written, while pages go into the store file, during the syncs), several times on one data
 * directory: after each kill the store opens, every message it had confirmed and not removed is
 * there in order with its body, and nothing it never stored is. {@code -Dkill.cycles=N} runs more
 * cycles, {@code -Dkill.seed=S} repeats a run.
 */
class MapDbKillDuringCommitsTest {
    @TempDir
    Path dir;

    @Test
    void killsDuringCommitsNeverDamageTheStoreOrLoseAConfirmedMessage() throws Exception {
        int cycles = Integer.getInteger("kill.cycles", 6);
        long seed = Long.getLong("kill.seed", System.nanoTime());
        Random random = new Random(seed);
        long next = 1;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            String context = "cycle " + cycle + ", seed " + seed + " (-Dkill.seed=" + seed + ")";
            long confirmed = runAndKill(next, random.nextInt(400), context);
            try (MapDbStorage storage = MapDbStorage.open(dir, StoreSettings.mapDb())) {
                List<StoredEntry> entries = storage.messages().recover(BusyWriterMain.QUEUE);
                long previous = 0;
                for (StoredEntry entry : entries) {
                    assertTrue(entry.seq() > previous, "entries in order: " + context);
                    previous = entry.seq();
                    String body = Messages.bodyOf(entry.message());
                    assertTrue(body.startsWith("m" + entry.seq() + "-"), "body of " + entry.seq() + ": " + context);
                }
                Set<Long> present = new HashSet<>();
                entries.forEach(e -> present.add(e.seq()));
                for (long id = 1; id <= confirmed; id++) {
                    if (!BusyWriterMain.mayBeRemoved(id)) {
                        assertTrue(present.contains(id), "confirmed message " + id + " is there: " + context);
                    }
                }
                next = Math.max(storage.messages().highestMessageId(), confirmed) + 1;
                assertTrue(previous < next, context);
            }
        }
    }

    /**
     * Starts the writer, lets it confirm something, kills it with SIGKILL {@code afterMillis}
     * later, and reads what it printed to its end; the last confirmed id.
     */
    private long runAndKill(long next, int afterMillis, String context) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BusyWriterMain.class.getName(), dir.toString(), Long.toString(next))
                .redirectErrorStream(true)
                .start();
        long confirmed = next - 1;
        List<String> other = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("durable ")) {
                other.add(line);
                line = out.readLine();
            }
            assertTrue(line != null, "the writer confirmed something: " + context + "; its output: " + other);
            confirmed = Long.parseLong(line.substring("durable ".length()));
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(afterMillis);
            while (System.nanoTime() < killAt && (line = out.readLine()) != null) {
                if (line.startsWith("durable ")) {
                    confirmed = Long.parseLong(line.substring("durable ".length()));
                }
            }
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            while ((line = out.readLine()) != null) {
                if (line.startsWith("durable ")) {
                    confirmed = Long.parseLong(line.substring("durable ".length()));
                } else {
                    other.add(line);
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL: " + context + "; its output: " + other);
        assertTrue(other.stream().noneMatch(l -> l.contains("Exception") || l.contains("Error")),
                "the writer reported no error: " + context + "; its output: " + other);
        return confirmed;
    }
}
