package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.store.StoreException;
import dev.sluice.store.StoreSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store file MapDB cannot read is refused with a clear message; when a write-ahead log of an
 * earlier Sluice version (MapDB's own log) is left over, the message names the likely cause, a
 * commit interrupted while that version applied it (docs/storage.md).
 */
class DamagedStoreTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedFileWithALegacyLogIsReportedAsAnInterruptedCommit() throws IOException {
        damageTheFile();
        Files.write(dir.resolve(MapDbTables.FILE_NAME + ".wal.0"), new byte[16]);
        StoreException e = assertThrows(StoreException.class, () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains("earlier Sluice version"), e.getMessage());
    }

    @Test
    void aDamagedFileWithoutALogIsReportedAsUnreadable() throws IOException {
        damageTheFile();
        StoreException e = assertThrows(StoreException.class, () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains("cannot open the store in"), e.getMessage());
        assertTrue(!e.getMessage().contains("earlier Sluice version"), e.getMessage());
    }

    /** Writes a valid store, closes it, then overwrites its header with garbage. */
    private void damageTheFile() throws IOException {
        MapDbStorage.open(dir, StoreSettings.mapDb()).close();
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0x5a);
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(MapDbTables.FILE_NAME).toFile(), "rw")) {
            file.seek(8);
            file.write(garbage);
        }
    }
}
