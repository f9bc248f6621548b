package dev.sluice.amqp091;

import java.util.ArrayList;
import java.util.List;

/**
 * The work of an AMQP transaction (tx.select): publishes and settlements held back until
 * tx.commit runs them in order, or tx.rollback drops them.
 *
 * <p>Threading: event-loop confined.
 */
final class Transaction {
    /** One held-back action; {@link #discard} frees what it holds when rolled back. */
    interface Action {
        void apply();

        default void discard() {
        }
    }

    private final List<Action> actions = new ArrayList<>();

    void add(Action a) {
        actions.add(a);
    }

    void commit() {
        List<Action> todo = List.copyOf(actions);
        actions.clear();
        for (Action a : todo) {
            a.apply();
        }
    }

    void rollback() {
        for (Action a : actions) {
            a.discard();
        }
        actions.clear();
    }
}
