package dev.sluice.interop.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.interop.BrokerProcess;
import dev.sluice.interop.amqp091.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's proof, black-box: the packaged broker is killed with SIGKILL at random moments while
 * three publishers publish persistent messages with confirms and a consumer acks, then started
 * again on the same data directory and port; after every restart the queue must hold every
 * message it is known to hold (each confirmed message, unless acked since), nothing whose ack was
 * proven committed, nothing twice, and each publisher's messages in publishing order (the rules
 * are in {@link CrashLedger}; how an ack is proven committed is in {@link AckingConsumer}). The
 * rules hold at any kill point, so the random delays cannot make the test pass by luck; the seed
 * is printed, and {@code -Dcrash.seed=N} repeats a run ({@code -Dcrash.cycles=N} changes its
 * length). The last cycle ends with SIGTERM instead, for the clean path. A broker that cannot
 * open its store after a kill fails the test, naming the seed and keeping the data directory.
 *
 * <p>Threading: the test thread starts, kills and checks; each publisher has a thread; the client
 * library's threads deliver and confirm.
 */
class CrashRecoveryIT {
    private static final int PUBLISHERS = 3;
    private static final int CYCLES = Integer.getInteger("crash.cycles", 10);
    private static final String QUEUE = "crash.work";
    private static final String MARKERS = "crash.markers";
    /** Confirms to wait for in a cycle before the random kill delay starts. */
    private static final long CONFIRMS_BEFORE_KILL = 100;
    private static final int MAX_KILL_DELAY_MILLIS = 700;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private BrokerProcess broker;

    private enum Ending { SIGKILL, SIGTERM }

    @AfterEach
    void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void confirmedMessagesSurviveKillsAtRandomMoments() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryIT: seed " + seed + " (repeat with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        CrashLedger ledger = new CrashLedger(PUBLISHERS);
        long started = System.nanoTime();
        broker = BrokerProcess.start();
        declareQueues();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            Ending ending = cycle == CYCLES ? Ending.SIGTERM : Ending.SIGKILL;
            long killDelay = runClientsUntil(ending, ledger, random.nextInt(MAX_KILL_DELAY_MILLIS + 1),
                    random.nextLong());
            broker = restart(broker, seed, cycle);
            String summary = ledger.verify(recoveredQueue());
            System.out.println("CrashRecoveryIT cycle " + cycle + " (" + ending + " " + killDelay + " ms after "
                    + CONFIRMS_BEFORE_KILL + " confirms): " + summary);
            List<String> violations = ledger.violations();
            int failedCycle = cycle;
            assertTrue(violations.isEmpty(), () -> "seed " + seed + ", cycle " + failedCycle + ": " + violations.size()
                    + " violations, the first: " + violations.subList(0, Math.min(20, violations.size()))
                    + "\nbroker output:\n" + broker.output());
        }
        System.out.println("CrashRecoveryIT: " + CYCLES + " cycles in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms, "
                + ledger.confirmedTotal() + " confirms, " + ledger.committedAcksTotal() + " acks proven committed");
        assertTrue(ledger.committedAcksTotal() > 0, "the consumer's acks were never proven committed");
    }

    /** Restarts the broker; a broker that cannot open its store fails the test with the seed. */
    private static BrokerProcess restart(BrokerProcess ended, long seed, int cycle) throws Exception {
        try {
            return ended.restart();
        } catch (IllegalStateException e) {
            throw new AssertionError("seed " + seed + ", cycle " + cycle + ": " + e.getMessage(), e);
        }
    }

    private void declareQueues() throws Exception {
        try (Connection connection = StorageClients.factory(broker).newConnection("crash-setup")) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(QUEUE, true, false, false, null);
            // no length limit: a marker dropped before its write would be confirmed at once (it can
            // no longer be lost), and its confirm would prove nothing about the acks before it
            channel.queueDeclare(MARKERS, true, false, false, null);
        }
    }

    /**
     * Runs the publishers and the consumer until this cycle has confirms and a committed ack batch,
     * waits {@code delayMillis} more, then ends the broker; returns the delay.
     */
    private long runClientsUntil(Ending ending, CrashLedger ledger, long delayMillis, long seed) throws Exception {
        ConnectionFactory factory = StorageClients.factory(broker);
        List<ConfirmingPublisher> publishers = new ArrayList<>();
        AckingConsumer consumer = null;
        try {
            for (int p = 0; p < PUBLISHERS; p++) {
                publishers.add(ConfirmingPublisher.start(factory, p, QUEUE, ledger, seed + p));
            }
            AckingConsumer started = AckingConsumer.start(factory, QUEUE, MARKERS, ledger);
            consumer = started;
            await("confirms and a committed ack batch", () -> ledger.confirmedSinceVerify() >= CONFIRMS_BEFORE_KILL
                    && started.committedBatches() > 0);
            TimeUnit.MILLISECONDS.sleep(delayMillis);
            if (ending == Ending.SIGKILL) {
                assertEquals(137, broker.kill(), "exit status after SIGKILL");
            } else {
                assertEquals(0, broker.stop(), "exit status after SIGTERM; output:\n" + broker.output());
            }
        } finally {
            if (consumer != null) {
                consumer.close();
            }
            for (ConfirmingPublisher publisher : publishers) {
                publisher.close();
            }
        }
        return delayMillis;
    }

    /** Everything in the queue, in queue order, read without acking (closing the channel requeues it). */
    private List<MessageId> recoveredQueue() throws Exception {
        try (Connection connection = StorageClients.factory(broker).newConnection("crash-verifier")) {
            Channel channel = connection.createChannel();
            int count = channel.queueDeclarePassive(QUEUE).getMessageCount();
            List<MessageId> seen = Collections.synchronizedList(new ArrayList<>());
            channel.basicConsume(QUEUE, false, (tag, delivery) -> seen.add(MessageId.of(delivery.getProperties())),
                    tag -> { });
            await(count + " recovered messages delivered", () -> seen.size() >= count);
            return List.copyOf(seen);
        }
    }

    private void await(String what, BooleanSupplier condition) {
        try {
            Await.awaitCondition(WAIT, condition);
        } catch (AssertionError e) {
            throw new AssertionError("not within " + WAIT + ": " + what + "; broker output:\n" + broker.output(), e);
        }
    }
}
