package dev.sluice.security;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.NamePatterns;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.security.PermissionRule.Access;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Who may do what, checked the way RabbitMQ checks it. Protocol adapters (and the management API)
 * call one method per operation before they call the core; each method knows which permission
 * the operation needs on which resource:
 *
 * <table>
 * <caption>permissions per operation</caption>
 * <tr><th>operation</th><th>configure</th><th>write</th><th>read</th></tr>
 * <tr><td>exchange declare (not passive)</td><td>exchange</td><td>its alternate exchange</td><td>exchange, when it names one</td></tr>
 * <tr><td>exchange delete</td><td>exchange</td><td></td><td></td></tr>
 * <tr><td>queue declare (not passive; server-named: the generated name)</td><td>queue</td><td>its dead-letter exchange</td><td>queue, when it names one</td></tr>
 * <tr><td>queue delete</td><td>queue</td><td></td><td></td></tr>
 * <tr><td>queue purge</td><td></td><td></td><td>queue</td></tr>
 * <tr><td>queue bind / unbind, exchange bind / unbind</td><td></td><td>destination</td><td>source exchange</td></tr>
 * <tr><td>publish</td><td></td><td>exchange (the default exchange is {@code amq.default})</td><td></td></tr>
 * <tr><td>consume, get</td><td></td><td></td><td>queue</td></tr>
 * </table>
 *
 * Passive declares need no permission. A refusal is a {@link BrokerException} of kind
 * {@code ACCESS_REFUSED} with RabbitMQ's text: "access to queue 'q' in vhost '/' refused for user
 * 'u'"; opening a virtual host without any permission in it is {@code NOT_ALLOWED}.
 *
 * <p>Threading: thread-safe. Rules are replaced whole; every change bumps {@link #generation()},
 * which lets callers cache decisions and notice when they go stale.
 */
public final class AccessControl {
    private static final String DEFAULT_EXCHANGE = "amq.default";

    private final Map<Key, Compiled> rules = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** RabbitMQ's first-boot state: {@code guest} may do everything in {@code /}. */
    public static AccessControl withDefaultGuest() {
        AccessControl access = new AccessControl();
        access.set(PermissionRule.full("guest", "/"));
        return access;
    }

    /**
     * Grants (or replaces) a user's permissions in a virtual host.
     *
     * @throws IllegalArgumentException when a pattern is not a valid regular expression
     */
    public void set(PermissionRule rule) {
        rules.put(new Key(rule.user(), rule.vhost()), Compiled.of(rule));
        generation.incrementAndGet();
    }

    /** Takes a user's permissions in a virtual host away; returns whether there were any. */
    public boolean clear(String user, String vhost) {
        boolean removed = rules.remove(new Key(user, vhost)) != null;
        generation.incrementAndGet();
        return removed;
    }

    /** Takes every permission of a user away (the user was deleted). */
    public void clearUser(String user) {
        rules.keySet().removeIf(k -> k.user.equals(user));
        generation.incrementAndGet();
    }

    /** Takes every permission in a virtual host away (the virtual host was deleted). */
    public void clearVhost(String vhost) {
        rules.keySet().removeIf(k -> k.vhost.equals(vhost));
        generation.incrementAndGet();
    }

    /** The user's permissions in the virtual host, or null. */
    public PermissionRule rule(String user, String vhost) {
        Compiled c = rules.get(new Key(user, vhost));
        return c == null ? null : c.rule;
    }

    /** Every rule, by user then virtual host. */
    public List<PermissionRule> rules() {
        List<PermissionRule> all = new ArrayList<>();
        for (Compiled c : rules.values()) {
            all.add(c.rule);
        }
        all.sort(Comparator.comparing(PermissionRule::user).thenComparing(PermissionRule::vhost));
        return all;
    }

    /** Counts changes; a cached decision made under another generation is stale. */
    public long generation() {
        return generation.get();
    }

    // ---------------------------------------------------------------- checks

    /** connection.open: the user needs some permission in the virtual host (530 otherwise). */
    public void openVhost(String user, String vhost) {
        if (!rules.containsKey(new Key(user, vhost))) {
            throw new BrokerException(ErrorKind.NOT_ALLOWED,
                    "access to vhost '" + vhost + "' refused for user '" + user + "'");
        }
    }

    /** Whether the user may use the virtual host at all. */
    public boolean mayOpen(String user, String vhost) {
        return rules.containsKey(new Key(user, vhost));
    }

    /** Whether the user has {@code access} to the resource; never throws. */
    public boolean allows(String user, String vhost, Access access, String resource) {
        Compiled c = rules.get(new Key(user, vhost));
        return c != null && c.allows(access, resource);
    }

    /** Throws 403 unless the user has {@code access} to the named queue or exchange. */
    public void require(String user, String vhost, Access access, Resource kind, String name) {
        String resource = kind == Resource.EXCHANGE && name.isEmpty() ? DEFAULT_EXCHANGE : name;
        if (!allows(user, vhost, access, resource)) {
            throw BrokerException.accessRefused("access to " + kind.word + " '" + resource + "' in vhost '"
                    + vhost + "' refused for user '" + user + "'");
        }
    }

    /** exchange.declare (not passive). */
    public void declareExchange(String user, String vhost, ExchangeDefinition def) {
        require(user, vhost, Access.CONFIGURE, Resource.EXCHANGE, def.name());
        String ae = def.alternateExchange();
        if (ae != null) {
            require(user, vhost, Access.READ, Resource.EXCHANGE, def.name());
            require(user, vhost, Access.WRITE, Resource.EXCHANGE, ae);
        }
    }

    public void deleteExchange(String user, String vhost, String exchange) {
        require(user, vhost, Access.CONFIGURE, Resource.EXCHANGE, exchange);
    }

    /** queue.declare (not passive); {@code def} carries the final name, server-generated or not. */
    public void declareQueue(String user, String vhost, QueueDefinition def) {
        require(user, vhost, Access.CONFIGURE, Resource.QUEUE, def.name());
        Object dlx = def.arguments().get("x-dead-letter-exchange");
        String dlxName = dev.sluice.core.message.FieldValues.asString(dlx);
        if (dlxName != null) {
            require(user, vhost, Access.READ, Resource.QUEUE, def.name());
            require(user, vhost, Access.WRITE, Resource.EXCHANGE, dlxName);
        }
    }

    public void deleteQueue(String user, String vhost, String queue) {
        require(user, vhost, Access.CONFIGURE, Resource.QUEUE, queue);
    }

    public void purgeQueue(String user, String vhost, String queue) {
        require(user, vhost, Access.READ, Resource.QUEUE, queue);
    }

    /** queue.bind, queue.unbind, exchange.bind, exchange.unbind: write on the destination, read on the source. */
    public void bind(String user, String vhost, Binding binding) {
        Resource destination = binding.destination().isQueue() ? Resource.QUEUE : Resource.EXCHANGE;
        require(user, vhost, Access.WRITE, destination, binding.destination().name());
        require(user, vhost, Access.READ, Resource.EXCHANGE, binding.source());
    }

    public void publish(String user, String vhost, String exchange) {
        require(user, vhost, Access.WRITE, Resource.EXCHANGE, exchange);
    }

    /** basic.consume and basic.get. */
    public void consume(String user, String vhost, String queue) {
        require(user, vhost, Access.READ, Resource.QUEUE, queue);
    }

    /** The kinds of resource permissions are checked on, with the word RabbitMQ's messages use. */
    public enum Resource {
        QUEUE("queue"), EXCHANGE("exchange");

        private final String word;

        Resource(String word) {
            this.word = word;
        }
    }

    /**
     * User and virtual host.
     *
     * <p>Threading: immutable.
     */
    private record Key(String user, String vhost) {
    }

    /**
     * A rule with its patterns compiled; the empty pattern matches nothing.
     *
     * <p>Threading: immutable.
     */
    private record Compiled(PermissionRule rule, Pattern configure, Pattern write, Pattern read) {
        static Compiled of(PermissionRule rule) {
            for (Access a : Access.values()) {
                String problem = NamePatterns.problem(rule.pattern(a));
                if (problem != null) {
                    throw new IllegalArgumentException(a.name().toLowerCase(java.util.Locale.ROOT)
                            + " permission of user '" + rule.user() + "': " + problem);
                }
            }
            return new Compiled(rule, compile(rule.configure()), compile(rule.write()), compile(rule.read()));
        }

        private static Pattern compile(String pattern) {
            return pattern.isEmpty() ? null : Pattern.compile(pattern);
        }

        boolean allows(Access access, String resource) {
            Pattern p = switch (access) {
                case CONFIGURE -> configure;
                case WRITE -> write;
                case READ -> read;
            };
            return p != null && p.matcher(resource).find();
        }
    }
}
