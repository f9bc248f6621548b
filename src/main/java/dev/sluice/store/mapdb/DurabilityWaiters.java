package dev.sluice.store.mapdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The actions waiting for one message of a {@link PendingGroup} to be safe: they run when the
 * group is committed (the group holds this object among its actions), or earlier, when every
 * reference the group made to the message goes before the group is written and the message is
 * never written at all ({@link #release()}). Whichever comes first runs them, once. Almost always one action waits (one publish of the message), so it is kept in a
 * field; more go to a list. Released waiters are chained through {@link #nextReleased} until the
 * store runs them, so letting a message go allocates nothing.
 *
 * <p>Threading: guarded by the writer's group lock while its group is being filled, owned by the
 * writer thread once the group is taken (a message can only be let go while its group is filled);
 * a released chain belongs to the thread that took it from the group.
 */
final class DurabilityWaiters implements Runnable {
    private Runnable first;
    private List<Runnable> more;
    private boolean released;
    /** The next waiters let go in the same group, or null. */
    DurabilityWaiters nextReleased;
    /** The group whose actions hold these waiters (it changes when the message is put off to the next group). */
    PendingGroup group;

    DurabilityWaiters(PendingGroup group) {
        this.group = group;
    }

    void add(Runnable action) {
        if (first == null) {
            first = action;
        } else {
            if (more == null) {
                more = new ArrayList<>(2);
            }
            more.add(action);
        }
    }

    /**
     * Marks the actions as due now (under the group lock): the group's commit-time {@link #run}
     * then leaves them alone, and the caller runs them with {@link #runReleased} once it has let go
     * of the group lock.
     */
    void release() {
        released = true;
    }

    /** The group was committed: runs the waiting actions unless they were released before. */
    @Override
    public void run() {
        if (!released) {
            runActions();
        }
    }

    /** Runs the actions of released waiters; only the thread that took the chain from the group. */
    void runReleased() {
        runActions();
    }

    private void runActions() {
        if (first != null) {
            first.run();
        }
        if (more != null) {
            for (Runnable action : more) {
                action.run();
            }
        }
    }
}
