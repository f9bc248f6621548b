package dev.sluice.core.queue;

/**
 * A consumer attached to a queue. The adapter keeps it to grant credit, to resume after its own
 * readiness changed, and to cancel.
 *
 * <p>Threading: the window fields are guarded by the queue's lock; the public methods take it
 * and may be called from any thread.
 */
public final class Subscription {
    private final Queue queue;
    private final ConsumerSpec spec;
    private final DeliverySink sink;
    /** Deliveries not yet settled (ack mode only). */
    int unsettled;
    /** Remaining link credit (credit window only). */
    int credit;
    boolean cancelled;
    /**
     * How far behind its queue's head this consumer has looked for messages its filter accepts:
     * every backlog entry at or below this position was offered to it while it had room.
     */
    long scannedTo = Long.MIN_VALUE;

    Subscription(Queue queue, ConsumerSpec spec, DeliverySink sink) {
        this.queue = queue;
        this.spec = spec;
        this.sink = sink;
    }

    public Queue queue() {
        return queue;
    }

    public ConsumerSpec spec() {
        return spec;
    }

    public String tag() {
        return spec.tag();
    }

    DeliverySink sink() {
        return sink;
    }

    /** A settling consumer without a prefetch limit: what it holds counts as its queue's backlog. */
    boolean unboundedWindow() {
        return spec.window() == ConsumerSpec.Window.PREFETCH && !spec.autoAck() && spec.prefetch() == 0;
    }

    /** True when the window and the adapter both allow one more delivery. Lock held. */
    boolean canTake() {
        if (cancelled) {
            return false;
        }
        boolean windowOpen = switch (spec.window()) {
            case CREDIT -> credit > 0;
            case PREFETCH -> spec.autoAck() || spec.prefetch() == 0 || unsettled < spec.prefetch();
        };
        return windowOpen && sink.canAccept();
    }

    /** Sets the link credit (AMQP 1.0 flow) and delivers what it allows. */
    public void setCredit(int newCredit) {
        queue.setCredit(this, newCredit);
    }

    /**
     * Delivers what the current credit allows, then gives up the rest (AMQP 1.0 drain).
     *
     * @return the credit that was left unused and is now zero
     */
    public int drain() {
        return queue.drain(this);
    }

    /** The adapter's readiness turned true again: deliver what is waiting. */
    public void resume() {
        queue.resume(this);
    }

    /** Ends the subscription; its unsettled deliveries stay with the client (0-9-1 basic.cancel). */
    public void cancel() {
        queue.cancel(this, false);
    }

    /** Ends the subscription and returns its unsettled deliveries to the queue (1.0 detach). */
    public void cancelAndReturnUnsettled() {
        queue.cancel(this, true);
    }

    /** Credit left, for the adapter's flow frames. */
    public int credit() {
        return queue.creditOf(this);
    }

    @Override
    public String toString() {
        return "consumer '" + spec.tag() + "' on queue '" + queue.name() + "'";
    }
}
