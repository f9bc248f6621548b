package dev.sluice.core.alarm;

import java.util.Set;

/**
 * Told when the set of raised resource alarms changes.
 *
 * <p>Threading: called on the thread that noticed the change (the housekeeping scheduler, or the
 * storage writer after a failed write), one call at a time and in the order of the changes. An
 * implementation must return quickly, must not block, and must not call back into the
 * {@link ResourceMonitor}'s mutating methods; reading {@link ResourceMonitor#activeAlarms()} is fine.
 */
@FunctionalInterface
public interface AlarmListener {
    /** @param active the alarms now raised (empty: all clear); an unmodifiable set */
    void alarmsChanged(Set<Resource> active);
}
