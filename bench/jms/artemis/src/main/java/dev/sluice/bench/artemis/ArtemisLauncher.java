package dev.sluice.bench.artemis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.VersionLoader;

/**
 * The reference broker of bench/jms-bench.sh: an embedded ActiveMQ Artemis with persistence on (its
 * journal, bindings, paging and large-message directories under {@code --data-dir}), security off,
 * and one acceptor that speaks AMQP only. Everything else is Artemis's default configuration, the
 * same as a broker made from an empty {@code broker.xml}: queues are created on first use, the
 * journal syncs every persistent send (journal-sync-non-transactional) and batches syncs for at
 * most the journal buffer timeout.
 *
 * <p>Prints {@code artemis ready amqp=HOST:PORT ...} on standard output once the acceptor is up,
 * then runs until the JVM is told to stop (SIGTERM, SIGINT), when it stops the broker.
 *
 * <p>{@code java -cp 'target/classes:target/lib/*' dev.sluice.bench.artemis.ArtemisLauncher
 * --data-dir /tmp/artemis --port 5674 [--host 127.0.0.1] [--journal auto|ASYNCIO|NIO]}
 * ({@code auto}, the default: ASYNCIO when libaio can be loaded and the directory supports it,
 * otherwise NIO).
 */
public final class ArtemisLauncher {
    private ArtemisLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 5674;
        Path dataDir = null;
        String journal = "auto";
        if (args.length % 2 != 0) {
            usage("options come in pairs: --name value");
        }
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--journal" -> journal = value;
                default -> usage("unknown option " + args[i]);
            }
        }
        if (dataDir == null) {
            usage("--data-dir is required");
        }
        Files.createDirectories(dataDir.resolve("journal"));
        JournalType journalType = journalType(journal, dataDir.resolve("journal").toFile());

        Configuration config = new ConfigurationImpl()
                .setName("jms-bench")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(journalType)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(dataDir.toString());
        config.addAcceptorConfiguration("amqp", "tcp://" + host + ":" + port + "?protocols=AMQP");

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                System.err.println("ArtemisLauncher: stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "artemis-launcher-stop"));

        int bufferTimeoutNanos = journalType == JournalType.ASYNCIO
                ? config.getJournalBufferTimeout_AIO()
                : config.getJournalBufferTimeout_NIO();
        System.out.printf("artemis ready amqp=%s:%d version=%s journal=%s journal-buffer-timeout-ns=%d"
                        + " journal-sync-non-transactional=%s journal-datasync=%s global-max-size=%d%n",
                host, port, VersionLoader.getVersion().getFullVersion(), journalType, bufferTimeoutNanos,
                config.isJournalSyncNonTransactional(), config.isJournalDatasync(), config.getGlobalMaxSize());
        System.out.flush();
        stopped.await();
    }

    private static JournalType journalType(String requested, File journalDir) {
        return switch (requested) {
            case "auto" -> AIOSequentialFileFactory.isSupported() && AIOSequentialFileFactory.isSupported(journalDir)
                    ? JournalType.ASYNCIO
                    : JournalType.NIO;
            case "ASYNCIO", "NIO" -> JournalType.valueOf(requested);
            default -> {
                usage("--journal must be auto, ASYNCIO or NIO");
                yield JournalType.NIO;
            }
        };
    }

    private static void usage(String problem) {
        System.err.println("ArtemisLauncher: " + problem);
        System.err.println("usage: ArtemisLauncher --data-dir DIR [--port 5674] [--host 127.0.0.1]"
                + " [--journal auto|ASYNCIO|NIO]");
        System.exit(2);
    }
}
