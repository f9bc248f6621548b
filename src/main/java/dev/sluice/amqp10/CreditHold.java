package dev.sluice.amqp10;

import dev.sluice.core.alarm.Resource;
import java.util.List;
import java.util.Set;

/**
 * Holds back one connection's publishers while a resource alarm is on, the AMQP 1.0 way: their
 * links get no more credit (a link attached meanwhile gets none at all), so a publisher stops once
 * it has used what it was granted; nothing is refused and nothing is lost. Consuming links are not
 * touched, so queues keep draining. When every alarm has cleared, each publishing link's credit is
 * topped up again. Each change is logged with the reason ("low on memory"), like the
 * {@code connection.blocked} of AMQP 0-9-1.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class CreditHold {
    private static final System.Logger LOG = System.getLogger(CreditHold.class.getName());

    private final String connection;
    private Set<Resource> alarms;

    /**
     * @param connection names the connection in log lines
     * @param alarms the alarms raised when the connection starts
     */
    CreditHold(String connection, Set<Resource> alarms) {
        this.connection = connection;
        this.alarms = alarms;
    }

    /** True while an alarm is on: publishing links get no credit. */
    boolean on() {
        return !alarms.isEmpty();
    }

    /** The broker's alarms changed: hold or release {@code publishers}. */
    void alarmsChanged(Set<Resource> now, List<PublishLink> publishers) {
        boolean wasOn = on();
        alarms = now;
        if (publishers.isEmpty() || wasOn == on()) {
            return;
        }
        if (on()) {
            LOG.log(System.Logger.Level.INFO, "AMQP 1.0 connection {0}: no more link credit for its {1} publishing "
                    + "link(s) while the broker is {2}", connection, publishers.size(), Resource.lowOn(now));
        } else {
            LOG.log(System.Logger.Level.INFO, "AMQP 1.0 connection {0}: resource alarms cleared, link credit for its "
                    + "{1} publishing link(s) resumes", connection, publishers.size());
            for (PublishLink p : publishers) {
                p.resumeCredit();
            }
        }
    }

    /** A publishing link attached while an alarm is on: it starts without credit. */
    void attachedWithoutCredit(String link) {
        LOG.log(System.Logger.Level.INFO, "AMQP 1.0 connection {0}: publishing link ''{1}'' gets no link credit "
                + "while the broker is {2}", connection, link, Resource.lowOn(alarms));
    }
}
