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
 * A store file MapDB cannot read is refused with a message that says what probably happened: with
 * a write-ahead log left over, a commit interrupted while MapDB applied it to the file (the known
 * MapDB 3.1 defect in docs/storage.md); without one, the usual suspects.
 */
class DamagedStoreTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedFileWithALeftOverLogIsReportedAsAnInterruptedCommit() throws IOException {
        damageTheFile();
        Files.write(dir.resolve(MapDbTables.FILE_NAME + ".wal.0"), new byte[16]);
        StoreException e = assertThrows(StoreException.class, () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains("known defect, see docs/storage.md"), e.getMessage());
    }

    @Test
    void aDamagedFileWithoutALogIsReportedAsUnreadable() throws IOException {
        damageTheFile();
        StoreException e = assertThrows(StoreException.class, () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains("is another broker using it?"), e.getMessage());
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
