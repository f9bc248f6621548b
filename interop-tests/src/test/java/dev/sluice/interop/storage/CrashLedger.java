package dev.sluice.interop.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the crash test's clients know about every message, and the rules a broker restart must
 * keep. Per publisher it records the highest sequence number handed to the client library (which
 * may or may not have reached the broker) and the confirms received; for the consumer, the acks
 * sent and the acks proven committed (see {@link AckingConsumer}).
 *
 * <p>After each restart {@link #verify} compares the queue's contents with what is known:
 * <ul>
 * <li>every message known to be in the queue at the last verification, and every message
 *     confirmed since, is there, unless it was acked since (an ack is not confirmed in AMQP 0-9-1:
 *     its removal may or may not have been committed before the kill);</li>
 * <li>no message whose ack was proven committed is there;</li>
 * <li>no message that was gone at the last verification is back;</li>
 * <li>nothing is there twice, each publisher's messages are in publishing order, and nothing is
 *     there that was never published.</li>
 * </ul>
 * What is in the queue then becomes the new known contents, and everything else published so far
 * is gone for good. Deliveries are checked the same way as they happen ({@link #delivered}).
 *
 * <p>Threading: thread-safe (synchronized); publishers, the consumer and the test thread share it.
 */
final class CrashLedger {
    private final int publishers;
    private final long[] maxSent;
    private final long[] verifiedUpTo;
    private final long[] lastDelivered;
    private final List<Set<Long>> present = new ArrayList<>();
    private final List<Set<Long>> confirmed = new ArrayList<>();
    private final Set<MessageId> acked = new HashSet<>();
    private final Set<MessageId> ackCommitted = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private long confirmedSinceVerify;
    private long confirmedTotal;
    private long committedAcksTotal;

    CrashLedger(int publishers) {
        this.publishers = publishers;
        this.maxSent = new long[publishers];
        this.verifiedUpTo = new long[publishers];
        this.lastDelivered = new long[publishers];
        for (int p = 0; p < publishers; p++) {
            present.add(new TreeSet<>());
            confirmed.add(new TreeSet<>());
        }
    }

    /** The next id for {@code publisher}; from now on the broker may have it. */
    synchronized MessageId next(int publisher) {
        return new MessageId(publisher, ++maxSent[publisher]);
    }

    synchronized void confirmed(MessageId id) {
        confirmed.get(id.publisher()).add(id.seq());
        confirmedSinceVerify++;
        confirmedTotal++;
    }

    synchronized void nacked(MessageId id) {
        violation("the broker nacked " + id + " (nothing should refuse these publishes)");
    }

    synchronized void violation(String what) {
        violations.add(what);
    }

    /** A new consumer session begins: deliveries start again from the head of the queue. */
    synchronized void consumerStarted() {
        Arrays.fill(lastDelivered, 0);
    }

    /** A delivery to the consumer. */
    synchronized void delivered(MessageId id) {
        int p = id.publisher();
        if (isGone(id)) {
            violations.add("delivered " + id + ", which was gone at the last restart");
        }
        if (ackCommitted.contains(id)) {
            violations.add("delivered " + id + " again after its ack was committed");
        }
        if (id.seq() <= lastDelivered[p]) {
            violations.add("delivered " + id + " after p" + p + "#" + lastDelivered[p]
                    + " (duplicate or out of order)");
        }
        lastDelivered[p] = Math.max(lastDelivered[p], id.seq());
    }

    /** Acks about to be sent: from now on the broker may have removed these. */
    synchronized void acked(Collection<MessageId> ids) {
        acked.addAll(ids);
    }

    /** Acks proven committed: these must never be delivered or recovered again. */
    synchronized void ackCommitted(Collection<MessageId> ids) {
        ackCommitted.addAll(ids);
        committedAcksTotal += ids.size();
    }

    synchronized long confirmedSinceVerify() {
        return confirmedSinceVerify;
    }

    synchronized long confirmedTotal() {
        return confirmedTotal;
    }

    synchronized long committedAcksTotal() {
        return committedAcksTotal;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Checks the queue's contents after a restart, in queue order, against the rules above; records
     * any violation and returns a one-line summary. The contents become the new known state.
     */
    synchronized String verify(List<MessageId> queue) {
        Set<MessageId> seen = new HashSet<>();
        long[] last = new long[publishers];
        for (MessageId id : queue) {
            int p = id.publisher();
            if (!seen.add(id)) {
                violations.add("recovered " + id + " twice");
            }
            if (id.seq() <= last[p]) {
                violations.add("recovered " + id + " after p" + p + "#" + last[p] + " (out of order)");
            }
            last[p] = Math.max(last[p], id.seq());
            if (id.seq() > maxSent[p]) {
                violations.add("recovered " + id + ", which was never published");
            }
            if (isGone(id)) {
                violations.add("recovered " + id + ", which was gone at the last restart");
            }
            if (ackCommitted.contains(id)) {
                violations.add("recovered " + id + " although its ack was committed");
            }
        }
        long required = 0;
        for (int p = 0; p < publishers; p++) {
            Set<Long> mustBeThere = new TreeSet<>(present.get(p));
            mustBeThere.addAll(confirmed.get(p));
            for (long seq : mustBeThere) {
                MessageId id = new MessageId(p, seq);
                if (acked.contains(id)) {
                    continue;
                }
                required++;
                if (!seen.contains(id)) {
                    violations.add("lost " + id + " (confirmed or recovered before, never acked)");
                }
            }
        }
        String summary = queue.size() + " in the queue (" + required + " required), " + confirmedSinceVerify
                + " confirmed and " + acked.size() + " acked since the last restart, of which "
                + ackCommitted.size() + " proven committed";
        for (int p = 0; p < publishers; p++) {
            present.get(p).clear();
            confirmed.get(p).clear();
            verifiedUpTo[p] = maxSent[p];
        }
        for (MessageId id : queue) {
            present.get(id.publisher()).add(id.seq());
        }
        acked.clear();
        ackCommitted.clear();
        confirmedSinceVerify = 0;
        return summary;
    }

    /** Published before the last verification and not in the queue then. */
    private boolean isGone(MessageId id) {
        return id.seq() <= verifiedUpTo[id.publisher()] && !present.get(id.publisher()).contains(id.seq());
    }
}
