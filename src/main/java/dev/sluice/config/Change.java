package dev.sluice.config;

import dev.sluice.core.policy.Policy;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.security.PermissionRule;

/**
 * One difference between a configuration and a running broker, as {@link ConfigDiff} finds it
 * and {@link ConfigApplier} carries it out. {@link #describe()} is the line {@code sluice config
 * diff} prints: {@code +} adds, {@code -} removes, {@code ~} changes, {@code !} a difference that
 * is reported but not applied.
 *
 * <p>Threading: immutable.
 */
public sealed interface Change {
    /** One line for people. */
    String describe();

    /** Changes are applied in phase order: removals first, then additions from the outside in. */
    int phase();

    /** Whether applying it changes the broker ({@code !} lines do not). */
    default boolean applies() {
        return true;
    }

    record BindingDeleted(String vhost, Binding binding) implements Change {
        public String describe() {
            return "- " + ConfigDiff.describe(binding) + " in vhost '" + vhost + "'";
        }

        public int phase() {
            return 0;
        }
    }

    record PermissionCleared(String user, String vhost) implements Change {
        public String describe() {
            return "- permissions of user '" + user + "' in vhost '" + vhost + "'";
        }

        public int phase() {
            return 1;
        }
    }

    record QueueDeleted(String vhost, String name) implements Change {
        public String describe() {
            return "- queue '" + name + "' in vhost '" + vhost + "'";
        }

        public int phase() {
            return 2;
        }
    }

    record ExchangeDeleted(String vhost, String name) implements Change {
        public String describe() {
            return "- exchange '" + name + "' in vhost '" + vhost + "'";
        }

        public int phase() {
            return 2;
        }
    }

    record PolicyDeleted(String vhost, String name) implements Change {
        public String describe() {
            return "- policy '" + name + "' in vhost '" + vhost + "'";
        }

        public int phase() {
            return 3;
        }
    }

    record VhostDeleted(String name) implements Change {
        public String describe() {
            return "- vhost '" + name + "'";
        }

        public int phase() {
            return 4;
        }
    }

    record UserDeleted(String name) implements Change {
        public String describe() {
            return "- user '" + name + "'";
        }

        public int phase() {
            return 5;
        }
    }

    record VhostAdded(String name) implements Change {
        public String describe() {
            return "+ vhost '" + name + "'";
        }

        public int phase() {
            return 6;
        }
    }

    record UserPut(UserConfig user, boolean replaces) implements Change {
        public String describe() {
            return (replaces ? "~ user '" : "+ user '") + user.name() + "'" + (user.tags().isEmpty() ? ""
                    : " (tags: " + String.join(", ", user.tags()) + ")");
        }

        public int phase() {
            return 7;
        }
    }

    record PermissionSet(PermissionRule rule, boolean replaces) implements Change {
        public String describe() {
            return (replaces ? "~ " : "+ ") + "permissions of user '" + rule.user() + "' in vhost '" + rule.vhost()
                    + "': configure '" + rule.configure() + "', write '" + rule.write() + "', read '" + rule.read() + "'";
        }

        public int phase() {
            return 8;
        }
    }

    record PolicyPut(String vhost, Policy policy, boolean replaces) implements Change {
        public String describe() {
            return (replaces ? "~ policy '" : "+ policy '") + policy.name() + "' in vhost '" + vhost + "' (pattern '"
                    + policy.pattern() + "', apply-to " + policy.applyTo().wireName() + ", priority "
                    + policy.priority() + ", definition " + policy.definition() + ")";
        }

        public int phase() {
            return 9;
        }
    }

    record ExchangeAdded(String vhost, ExchangeDefinition exchange) implements Change {
        public String describe() {
            return "+ exchange '" + exchange.name() + "' (" + exchange.type().wireName() + ") in vhost '" + vhost + "'";
        }

        public int phase() {
            return 10;
        }
    }

    record QueueAdded(String vhost, QueueDefinition queue) implements Change {
        public String describe() {
            return "+ queue '" + queue.name() + "' in vhost '" + vhost + "'"
                    + (queue.arguments().isEmpty() ? "" : " " + queue.arguments());
        }

        public int phase() {
            return 11;
        }
    }

    record BindingAdded(String vhost, Binding binding) implements Change {
        public String describe() {
            return "+ " + ConfigDiff.describe(binding) + " in vhost '" + vhost + "'";
        }

        public int phase() {
            return 12;
        }
    }

    /** A queue or exchange that exists with another definition: changing it would lose state, so it is left. */
    record Differs(String vhost, String kind, String name, String detail) implements Change {
        public String describe() {
            return "! " + kind + " '" + name + "' in vhost '" + vhost + "' differs from the file (" + detail
                    + "); not changed: delete it first, or use a policy";
        }

        public int phase() {
            return 13;
        }

        @Override
        public boolean applies() {
            return false;
        }
    }
}
