package dev.sluice.store.mapdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The actions waiting for one message of a {@link PendingGroup} to be safe: they run when the
 * group is committed (the group holds this object among its actions), or earlier, when every
 * reference the group made to the message goes before the group is written and the message is
 * never written at all ({@link #release()}). Whichever comes first runs them; the other finds
 * nothing left.
 *
 * <p>Threading: guarded by the writer's group lock while its group is being filled, owned by the
 * writer thread once the group is taken (a message can only be let go while its group is filled).
 */
final class DurabilityWaiters implements Runnable {
    private List<Runnable> actions = new ArrayList<>(2);

    void add(Runnable action) {
        if (actions != null) {
            actions.add(action);
        } else {
            action.run();
        }
    }

    /** Takes the waiting actions out, for the caller to run once it has let go of the group lock. */
    List<Runnable> release() {
        List<Runnable> taken = actions;
        actions = null;
        return taken == null ? List.of() : taken;
    }

    /** The group was committed: runs whatever still waits. */
    @Override
    public void run() {
        for (Runnable action : release()) {
            action.run();
        }
    }
}
