package dev.sluice.amqp10;

import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.Binary;

/**
 * One local transaction: the publishes and settlements done in it, held until discharge. Commit
 * applies them in order; rollback drops the publishes (releasing their messages) and leaves the
 * settled deliveries unsettled, as if the client had never settled them.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class Transaction {
    /** Work held back until commit. */
    interface Work {
        /** Applies it; returns true when the work needs a store commit before the discharge is accepted. */
        boolean commit();

        /** Drops it, releasing what it holds. */
        void rollback();
    }

    private final Binary id;
    private final List<Work> work = new ArrayList<>();

    Transaction(Binary id) {
        this.id = id;
    }

    Binary id() {
        return id;
    }

    void add(Work w) {
        work.add(w);
    }

    /**
     * Applies every piece of work; returns whether any of it must be durable before the commit is
     * confirmed. A failing piece stops nothing: the rest is still applied, and the first failure is
     * rethrown at the end.
     */
    boolean commit() {
        boolean needsDurability = false;
        RuntimeException failure = null;
        for (Work w : work) {
            try {
                needsDurability |= w.commit();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        work.clear();
        if (failure != null) {
            throw failure;
        }
        return needsDurability;
    }

    void rollback() {
        for (Work w : work) {
            w.rollback();
        }
        work.clear();
    }
}
