package dev.sluice.core.policy;

import dev.sluice.core.NamePatterns;
import dev.sluice.core.queue.QueueDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The policies of one virtual host with their patterns compiled, and RabbitMQ's rule for which
 * one applies: of the policies whose pattern finds the name and whose {@code apply-to} fits, the
 * one with the highest priority (ties: the first name in alphabetical order).
 *
 * <p>Threading: immutable; a virtual host swaps whole sets.
 */
public final class PolicySet {
    /** No policies. */
    public static final PolicySet EMPTY = new PolicySet(List.of());

    private final List<Compiled> ordered;

    private PolicySet(List<Compiled> ordered) {
        this.ordered = ordered;
    }

    /**
     * Compiles the policies, highest priority first.
     *
     * @throws IllegalArgumentException when a pattern does not compile or two share a name
     */
    public static PolicySet of(List<Policy> policies) {
        List<Compiled> compiled = new ArrayList<>(policies.size());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Policy p : policies) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("duplicate policy name '" + p.name() + "'");
            }
            String problem = NamePatterns.problem(p.pattern());
            if (problem != null) {
                throw new IllegalArgumentException("policy '" + p.name() + "': " + problem);
            }
            compiled.add(new Compiled(p, Pattern.compile(p.pattern())));
        }
        compiled.sort(Comparator.comparingInt((Compiled c) -> -c.policy.priority())
                .thenComparing(c -> c.policy.name()));
        return new PolicySet(List.copyOf(compiled));
    }

    /** The policies, highest priority first. */
    public List<Policy> policies() {
        List<Policy> out = new ArrayList<>(ordered.size());
        for (Compiled c : ordered) {
            out.add(c.policy);
        }
        return out;
    }

    /** The policy that applies to the queue named, or null. */
    public Policy forQueue(String queue) {
        for (Compiled c : ordered) {
            if (c.policy.applyTo().queues() && c.pattern.matcher(queue).find()) {
                return c.policy;
            }
        }
        return null;
    }

    /** The policy that applies to the exchange named, or null. */
    public Policy forExchange(String exchange) {
        for (Compiled c : ordered) {
            if (c.policy.applyTo().exchanges() && c.pattern.matcher(exchange).find()) {
                return c.policy;
            }
        }
        return null;
    }

    /**
     * A queue's effective arguments: the policy's queue keys as {@code x-} arguments, overlaid by
     * the queue's own arguments (which win for the same key, as in RabbitMQ).
     */
    public static Map<String, Object> effectiveArguments(QueueDefinition queue, Policy policy) {
        if (policy == null) {
            return queue.arguments();
        }
        Map<String, Object> args = new LinkedHashMap<>(PolicyKeys.queueArguments(policy.definition()));
        args.putAll(queue.arguments());
        return args;
    }

    /**
     * A policy with its pattern compiled.
     *
     * <p>Threading: immutable.
     */
    private record Compiled(Policy policy, Pattern pattern) {
    }
}
