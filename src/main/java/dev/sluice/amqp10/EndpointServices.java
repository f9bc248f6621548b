package dev.sluice.amqp10;

import dev.sluice.core.Broker;
import dev.sluice.core.alarm.AlarmFanout;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import java.util.Objects;

/**
 * What the AMQP 1.0 endpoint's connections share: the broker, who may log in, who may do what,
 * which container ids are taken, and the resource alarms.
 *
 * <p>Threading: immutable; every component is thread-safe.
 */
record EndpointServices(Broker broker, UserRegistry users, AccessControl access, ContainerRegistry containers,
                        AlarmFanout alarms) {
    EndpointServices {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(containers, "containers");
        Objects.requireNonNull(alarms, "alarms");
    }

    /** A broker's services with fresh registries, listening to its alarms (embedded tests). */
    static EndpointServices of(Broker broker, UserRegistry users, AccessControl access) {
        return new EndpointServices(broker, users, access, new ContainerRegistry(),
                AlarmFanout.listeningTo(broker.resourceMonitor()));
    }
}
