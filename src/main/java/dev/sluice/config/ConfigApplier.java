package dev.sluice.config;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerException;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.policy.Policy;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out {@link Change}s on a running broker, its users and its permissions. Each change is
 * applied on its own; one that fails is reported and the others still go ahead (a reload should
 * not stop half-way because one queue was deleted in the meantime). Connections stay open.
 *
 * <p>Threading: thread-safe as the broker and registries are; callers serialize reloads.
 */
public final class ConfigApplier {
    private static final Owner CONFIG_OWNER = new Owner("configuration");

    private final Broker broker;
    private final UserRegistry users;
    private final AccessControl access;

    public ConfigApplier(Broker broker, UserRegistry users, AccessControl access) {
        this.broker = broker;
        this.users = users;
        this.access = access;
    }

    /**
     * What happened: the lines of the changes made, and those that failed with the reason.
     *
     * <p>Threading: immutable.
     */
    public record Report(List<String> applied, List<String> failed, List<String> notApplied) {
        public Report {
            applied = List.copyOf(applied);
            failed = List.copyOf(failed);
            notApplied = List.copyOf(notApplied);
        }

        public boolean ok() {
            return failed.isEmpty();
        }
    }

    /** Applies the changes in order (they come sorted from {@link ConfigDiff#compute}). */
    public Report apply(List<Change> changes) {
        List<String> applied = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> notApplied = new ArrayList<>();
        Map<String, List<Change>> policyChanges = new LinkedHashMap<>();
        for (Change c : changes) {
            if (!c.applies()) {
                notApplied.add(c.describe());
                continue;
            }
            try {
                if (c instanceof Change.PolicyPut p) {
                    policyChanges.computeIfAbsent(p.vhost(), k -> new ArrayList<>()).add(c);
                } else if (c instanceof Change.PolicyDeleted p) {
                    policyChanges.computeIfAbsent(p.vhost(), k -> new ArrayList<>()).add(c);
                } else {
                    if (c.phase() > 9 && !policyChanges.isEmpty()) {
                        applyPolicies(policyChanges, applied, failed);
                        policyChanges.clear();
                    }
                    applyOne(c);
                }
                if (!(c instanceof Change.PolicyPut) && !(c instanceof Change.PolicyDeleted)) {
                    applied.add(c.describe());
                }
            } catch (BrokerException | IllegalArgumentException e) {
                failed.add(c.describe() + ": " + e.getMessage());
            }
        }
        applyPolicies(policyChanges, applied, failed);
        return new Report(applied, failed, notApplied);
    }

    /** All policy changes of a virtual host at once, so queues see the final set only. */
    private void applyPolicies(Map<String, List<Change>> byVhost, List<String> applied, List<String> failed) {
        for (Map.Entry<String, List<Change>> e : byVhost.entrySet()) {
            try {
                VirtualHost v = broker.virtualHost(e.getKey());
                v.updatePolicies(current -> {
                    Map<String, Policy> policies = new LinkedHashMap<>();
                    for (Policy p : current) {
                        policies.put(p.name(), p);
                    }
                    for (Change c : e.getValue()) {
                        if (c instanceof Change.PolicyPut put) {
                            policies.put(put.policy().name(), put.policy());
                        } else if (c instanceof Change.PolicyDeleted del) {
                            policies.remove(del.name());
                        }
                    }
                    return List.copyOf(policies.values());
                });
                e.getValue().forEach(c -> applied.add(c.describe()));
            } catch (BrokerException | IllegalArgumentException ex) {
                e.getValue().forEach(c -> failed.add(c.describe() + ": " + ex.getMessage()));
            }
        }
    }

    private void applyOne(Change change) {
        if (change instanceof Change.BindingDeleted c) {
            broker.virtualHost(c.vhost()).unbind(c.binding(), CONFIG_OWNER);
        } else if (change instanceof Change.PermissionCleared c) {
            access.clear(c.user(), c.vhost());
        } else if (change instanceof Change.QueueDeleted c) {
            broker.virtualHost(c.vhost()).deleteQueue(c.name(), CONFIG_OWNER, false, false);
        } else if (change instanceof Change.ExchangeDeleted c) {
            broker.virtualHost(c.vhost()).deleteExchange(c.name(), false);
        } else if (change instanceof Change.VhostDeleted c) {
            broker.deleteVirtualHost(c.name());
            access.clearVhost(c.name());
        } else if (change instanceof Change.UserDeleted c) {
            users.remove(c.name());
            access.clearUser(c.name());
        } else if (change instanceof Change.VhostAdded c) {
            broker.declareVirtualHost(c.name());
        } else if (change instanceof Change.UserPut c) {
            users.put(c.user().toUser());
        } else if (change instanceof Change.PermissionSet c) {
            access.set(c.rule());
        } else if (change instanceof Change.ExchangeAdded c) {
            broker.virtualHost(c.vhost()).declareExchange(c.exchange(), false);
        } else if (change instanceof Change.QueueAdded c) {
            broker.virtualHost(c.vhost()).declareQueue(c.queue(), CONFIG_OWNER, false);
        } else if (change instanceof Change.BindingAdded c) {
            broker.virtualHost(c.vhost()).bind(c.binding(), CONFIG_OWNER);
        } else {
            throw new IllegalStateException("not applied one by one: " + change);
        }
    }
}
