package dev.sluice.config;

import dev.sluice.core.message.FieldValues;
import dev.sluice.core.policy.Policy;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.security.PermissionRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What it takes to bring a running broker to a configuration, without touching what clients made:
 *
 * <ul>
 * <li>an object the wanted configuration has and the broker lacks is added;</li>
 * <li>one the broker has with another value is changed (users, permissions, policies), or, for
 *     queues and exchanges, reported and left alone (changing them would drop messages or
 *     bindings);</li>
 * <li>one the previously applied configuration had, the wanted one lacks and the broker still has
 *     is removed;</li>
 * <li>anything else the broker has (made by clients or through the API) is left alone.</li>
 * </ul>
 *
 * Users and permissions are compared only when the wanted file has a {@code users} section.
 *
 * <p>Threading: stateless; the inputs are immutable.
 */
public final class ConfigDiff {
    private ConfigDiff() {
    }

    /**
     * The changes, in the order they must be applied.
     *
     * @param applied what was applied before (at start or at the last reload); {@link SluiceConfig#EMPTY} for none
     * @param wanted the file as it is now
     * @param running the broker's state (see {@link RunningState})
     */
    public static List<Change> compute(SluiceConfig applied, SluiceConfig wanted, SluiceConfig running) {
        List<Change> changes = new ArrayList<>();
        Set<String> deletedVhosts = new HashSet<>();
        for (VhostConfig old : applied.vhosts()) {
            if (wanted.vhost(old.name()).isEmpty() && running.vhost(old.name()).isPresent() && !old.name().equals("/")) {
                changes.add(new Change.VhostDeleted(old.name()));
                deletedVhosts.add(old.name());
            }
        }
        for (VhostConfig want : wanted.vhosts()) {
            VhostConfig was = applied.vhost(want.name()).orElse(VhostConfig.empty(want.name()));
            VhostConfig has = running.vhost(want.name()).orElse(null);
            if (has == null) {
                changes.add(new Change.VhostAdded(want.name()));
                has = VhostConfig.empty(want.name());
            }
            vhost(was, want, has, changes);
        }
        if (wanted.declaresUsers()) {
            users(applied, wanted, running, changes);
            permissions(applied, wanted, running, deletedVhosts, changes);
        }
        changes.sort(Comparator.comparingInt(Change::phase));
        return List.copyOf(changes);
    }

    private static void vhost(VhostConfig was, VhostConfig want, VhostConfig has, List<Change> out) {
        String v = want.name();
        Map<String, ExchangeDefinition> hasX = byName(has.exchanges(), ExchangeDefinition::name);
        Map<String, ExchangeDefinition> wantX = byName(want.exchanges(), ExchangeDefinition::name);
        for (ExchangeDefinition x : want.exchanges()) {
            ExchangeDefinition current = hasX.get(x.name());
            if (current == null) {
                out.add(new Change.ExchangeAdded(v, x));
            } else {
                String detail = exchangeDifference(current, x);
                if (detail != null) {
                    out.add(new Change.Differs(v, "exchange", x.name(), detail));
                }
            }
        }
        for (ExchangeDefinition x : was.exchanges()) {
            if (!wantX.containsKey(x.name()) && hasX.containsKey(x.name())) {
                out.add(new Change.ExchangeDeleted(v, x.name()));
            }
        }
        Map<String, QueueDefinition> hasQ = byName(has.queues(), QueueDefinition::name);
        Map<String, QueueDefinition> wantQ = byName(want.queues(), QueueDefinition::name);
        for (QueueDefinition q : want.queues()) {
            QueueDefinition current = hasQ.get(q.name());
            if (current == null) {
                out.add(new Change.QueueAdded(v, q));
            } else {
                String detail = queueDifference(current, q);
                if (detail != null) {
                    out.add(new Change.Differs(v, "queue", q.name(), detail));
                }
            }
        }
        for (QueueDefinition q : was.queues()) {
            if (!wantQ.containsKey(q.name()) && hasQ.containsKey(q.name())) {
                out.add(new Change.QueueDeleted(v, q.name()));
            }
        }
        bindings(was, want, has, wantX.keySet(), wantQ.keySet(), out);
        policies(was, want, has, out);
    }

    private static void bindings(VhostConfig was, VhostConfig want, VhostConfig has, Set<String> wantedExchanges,
                                 Set<String> wantedQueues, List<Change> out) {
        String v = want.name();
        Set<BindingKey> present = new HashSet<>();
        has.bindings().forEach(b -> present.add(BindingKey.of(b)));
        Set<BindingKey> wantedKeys = new HashSet<>();
        for (Binding b : want.bindings()) {
            BindingKey key = BindingKey.of(b);
            wantedKeys.add(key);
            if (!present.contains(key)) {
                out.add(new Change.BindingAdded(v, b));
            }
        }
        for (Binding b : was.bindings()) {
            BindingKey key = BindingKey.of(b);
            // a binding whose end is being removed goes with it
            boolean endRemoved = !wantedExchanges.contains(b.source()) && !b.source().startsWith("amq.")
                    || (b.destination().isQueue() ? !wantedQueues.contains(b.destination().name())
                    : !wantedExchanges.contains(b.destination().name()) && !b.destination().name().startsWith("amq."));
            if (!wantedKeys.contains(key) && present.contains(key) && !endRemoved) {
                out.add(new Change.BindingDeleted(v, b));
            }
        }
    }

    private static void policies(VhostConfig was, VhostConfig want, VhostConfig has, List<Change> out) {
        String v = want.name();
        Map<String, Policy> hasP = byName(has.policies(), Policy::name);
        Map<String, Policy> wantP = byName(want.policies(), Policy::name);
        for (Policy p : want.policies()) {
            Policy current = hasP.get(p.name());
            if (current == null || !samePolicy(current, p)) {
                out.add(new Change.PolicyPut(v, p, current != null));
            }
        }
        for (Policy p : was.policies()) {
            if (!wantP.containsKey(p.name()) && hasP.containsKey(p.name())) {
                out.add(new Change.PolicyDeleted(v, p.name()));
            }
        }
    }

    private static void users(SluiceConfig applied, SluiceConfig wanted, SluiceConfig running, List<Change> out) {
        Map<String, UserConfig> has = byName(running.users(), UserConfig::name);
        Map<String, UserConfig> want = byName(wanted.users(), UserConfig::name);
        for (UserConfig u : wanted.users()) {
            UserConfig current = has.get(u.name());
            if (!u.equals(current)) {
                out.add(new Change.UserPut(u, current != null));
            }
        }
        for (UserConfig u : applied.users()) {
            if (!want.containsKey(u.name()) && has.containsKey(u.name())) {
                out.add(new Change.UserDeleted(u.name()));
            }
        }
    }

    private static void permissions(SluiceConfig applied, SluiceConfig wanted, SluiceConfig running,
                                    Set<String> deletedVhosts, List<Change> out) {
        Function<PermissionRule, List<String>> key = r -> List.of(r.user(), r.vhost());
        Map<List<String>, PermissionRule> has = byName(running.permissions(), key);
        Map<List<String>, PermissionRule> want = byName(wanted.permissions(), key);
        Set<String> wantedUsers = new HashSet<>();
        wanted.users().forEach(u -> wantedUsers.add(u.name()));
        for (PermissionRule r : wanted.permissions()) {
            PermissionRule current = has.get(key.apply(r));
            if (!r.equals(current)) {
                out.add(new Change.PermissionSet(r, current != null));
            }
        }
        for (PermissionRule r : applied.permissions()) {
            boolean goesAnyway = deletedVhosts.contains(r.vhost()) || !wantedUsers.contains(r.user());
            if (!want.containsKey(key.apply(r)) && has.containsKey(key.apply(r)) && !goesAnyway) {
                out.add(new Change.PermissionCleared(r.user(), r.vhost()));
            }
        }
    }

    /** Null when equal, else the first difference in words. */
    static String exchangeDifference(ExchangeDefinition current, ExchangeDefinition wanted) {
        if (current.type() != wanted.type()) {
            return "type: broker " + current.type().wireName() + ", file " + wanted.type().wireName();
        }
        if (current.durable() != wanted.durable()) {
            return "durable: broker " + current.durable() + ", file " + wanted.durable();
        }
        if (current.autoDelete() != wanted.autoDelete()) {
            return "auto-delete: broker " + current.autoDelete() + ", file " + wanted.autoDelete();
        }
        if (current.internal() != wanted.internal()) {
            return "internal: broker " + current.internal() + ", file " + wanted.internal();
        }
        if (!FieldValues.tablesEqual(current.arguments(), wanted.arguments())) {
            return "arguments: broker " + current.arguments() + ", file " + wanted.arguments();
        }
        return null;
    }

    /** Null when equal, else the first difference in words. */
    static String queueDifference(QueueDefinition current, QueueDefinition wanted) {
        if (current.durable() != wanted.durable()) {
            return "durable: broker " + current.durable() + ", file " + wanted.durable();
        }
        if (current.exclusive()) {
            return "the broker's queue is exclusive to a connection";
        }
        if (current.autoDelete() != wanted.autoDelete()) {
            return "auto-delete: broker " + current.autoDelete() + ", file " + wanted.autoDelete();
        }
        if (!FieldValues.tablesEqual(current.arguments(), wanted.arguments())) {
            return "arguments: broker " + current.arguments() + ", file " + wanted.arguments();
        }
        return null;
    }

    static boolean samePolicy(Policy a, Policy b) {
        return a.name().equals(b.name()) && a.pattern().equals(b.pattern()) && a.applyTo() == b.applyTo()
                && a.priority() == b.priority() && FieldValues.tablesEqual(a.definition(), b.definition());
    }

    static String describe(Binding b) {
        return "binding from exchange '" + b.source() + "' to " + b.destination() + " with routing key '"
                + b.routingKey() + "'" + (b.arguments().isEmpty() ? "" : " and arguments " + b.arguments());
    }

    private static <K, V> Map<K, V> byName(List<V> values, Function<V, K> key) {
        Map<K, V> map = new LinkedHashMap<>();
        for (V v : values) {
            map.put(key.apply(v), v);
        }
        return map;
    }

    /**
     * A binding compared as RabbitMQ compares them: arguments by value, whatever the number widths.
     *
     * <p>Threading: immutable.
     */
    private record BindingKey(String source, String destination, boolean toQueue, String key, String arguments) {
        static BindingKey of(Binding b) {
            return new BindingKey(b.source(), b.destination().name(), b.destination().isQueue(), b.routingKey(),
                    normalized(b.arguments()));
        }

        private static String normalized(Map<String, Object> args) {
            Map<String, Object> sorted = new java.util.TreeMap<>();
            for (Map.Entry<String, Object> e : args.entrySet()) {
                Object v = e.getValue();
                sorted.put(e.getKey(), FieldValues.isInteger(v) ? (Object) ((Number) v).longValue() : v);
            }
            return Objects.toString(sorted);
        }
    }
}
