package dev.sluice.store.mapdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The format stamp of a store directory: a small text file {@value #STAMP_FILE} holding
 * {@code sluice-store-format=N}. It is read before MapDB opens anything. A directory of a newer
 * format is refused; one of an older format is brought up to date by {@link StoreMigrations}; a
 * directory without a stamp is stamped when it holds no store yet and refused when it does.
 *
 * <p>Threading: stateless; one broker opens a directory at a time (MapDB locks the file).
 */
public final class StoreFormat {
    /** The format this Sluice writes. Raise it, and add a migration, whenever the layout changes. */
    public static final int CURRENT_VERSION = 3;
    public static final String STAMP_FILE = "FORMAT";
    private static final String KEY = "sluice-store-format=";

    private StoreFormat() {
    }

    /** Makes {@code directory} ready for this Sluice: created and stamped, or checked and migrated. */
    static void prepare(Path directory, StoreMigrations migrations) {
        try {
            Files.createDirectories(directory);
            Path stamp = directory.resolve(STAMP_FILE);
            if (!Files.exists(stamp)) {
                if (Files.exists(directory.resolve(MapDbTables.FILE_NAME))) {
                    throw new StoreFormatException("store directory " + directory.toAbsolutePath() + " holds "
                            + MapDbTables.FILE_NAME + " but no " + STAMP_FILE + " file, so its format is unknown; "
                            + "restore the file or move the directory away");
                }
                write(directory, CURRENT_VERSION);
                return;
            }
            int version = read(stamp);
            if (version > CURRENT_VERSION) {
                throw new StoreFormatException("store directory " + directory.toAbsolutePath()
                        + " has store format " + version + ", written by a newer Sluice; this version reads format "
                        + CURRENT_VERSION + " and older. Run the newer Sluice, or start with another data directory.");
            }
            for (int v = version; v < CURRENT_VERSION; v++) {
                migrations.step(v).migrate(directory);
                write(directory, v + 1);
            }
        } catch (IOException e) {
            throw new StoreFormatException("cannot prepare store directory " + directory.toAbsolutePath() + ": " + e, e);
        }
    }

    /** The format version stamped in a store directory. */
    public static int read(Path stamp) throws IOException {
        List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith(KEY)) {
                try {
                    return Integer.parseInt(line.substring(KEY.length()).trim());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new StoreFormatException(stamp.toAbsolutePath() + " does not say '" + KEY + "<number>'");
    }

    /** Stamps a directory with a format version, replacing the file atomically. */
    public static void write(Path directory, int version) throws IOException {
        Path temp = directory.resolve(STAMP_FILE + ".tmp");
        Files.writeString(temp, "# Sluice store directory; do not edit\n" + KEY + version + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(temp, directory.resolve(STAMP_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, directory.resolve(STAMP_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
