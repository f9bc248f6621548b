package dev.sluice.core;

import dev.sluice.core.delay.DelayedMessages;
import dev.sluice.core.message.FieldValues;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.policy.Policy;
import dev.sluice.core.policy.PolicySet;
import dev.sluice.core.queue.DeadLetter;
import dev.sluice.core.queue.DeathHistory;
import dev.sluice.core.queue.EnqueueResult;
import dev.sluice.core.queue.FilterLanguage;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueArguments;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.QueueHost;
import dev.sluice.core.queue.QueuePaging;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.DefaultExchange;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.core.routing.QueueTargets;
import dev.sluice.core.routing.Router;
import dev.sluice.store.DefinitionStore;
import dev.sluice.store.MessageStore;
import dev.sluice.store.VirtualHostDefinitions;
import dev.sluice.store.memory.MemoryDefinitionStore;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A virtual host: its exchanges, queues and bindings, and the one entry point every protocol
 * adapter calls: declare, delete, bind, unbind, publish. Consuming and settling go straight to
 * the {@link Queue} the adapter looked up here.
 *
 * <p>Threading: thread-safe. Definition changes (declare, delete, bind, unbind) are serialized by
 * one definitions lock; publishing takes no virtual-host lock at all: it reads the concurrent
 * registries and takes each target queue's lock in turn, never two at once. Lock order:
 * definitions lock, then a queue's lock; a queue never calls back here while holding its own.
 *
 * <p>Durability: after each successful change the virtual host tells its {@link DefinitionStore}
 * what survives a restart: durable exchanges, durable queues that are not exclusive, and bindings
 * between two such ends (the built-in {@code amq.*} exchanges count as durable ends; they are
 * made anew at every start and never stored themselves). The store is called with the
 * definitions lock held and only records in memory.
 */
public final class VirtualHost implements QueueHost {
    private static final Set<String> COMPARED_EXCHANGE_ARGUMENTS = Set.of("alternate-exchange");
    private static final System.Logger LOG = System.getLogger(VirtualHost.class.getName());

    private final String name;
    private final Scheduler scheduler;
    private final MessageStore store;
    private final DefinitionStore definitionStore;
    private final LongSupplier messageIds;
    private final QueuePaging paging;
    private final DelayedMessages delayed;
    private final FilterLanguage filters;
    private final ReentrantLock definitions = new ReentrantLock();
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final DefaultExchange defaultExchange = new DefaultExchange();
    private final QueueNames queueNames = new QueueNames();
    private final Router.ExchangeLookup exchangeLookup = this::lookupExchange;
    private volatile PolicySet policies = PolicySet.EMPTY;

    /** A virtual host whose definitions are kept in memory only (for tests and embedded use). */
    public VirtualHost(String name, Scheduler scheduler, MessageStore store, LongSupplier messageIds) {
        this(name, scheduler, store, new MemoryDefinitionStore(), messageIds);
    }

    public VirtualHost(String name, Scheduler scheduler, MessageStore store, DefinitionStore definitionStore,
                       LongSupplier messageIds) {
        this(name, scheduler, store, definitionStore, messageIds, QueuePaging.NEVER);
    }

    /** A virtual host whose queues page out as {@code paging} says. */
    public VirtualHost(String name, Scheduler scheduler, MessageStore store, DefinitionStore definitionStore,
                       LongSupplier messageIds, QueuePaging paging) {
        this(name, scheduler, store, definitionStore, messageIds, paging, FilterLanguage.NONE);
    }

    /** A virtual host whose queues page out as {@code paging} says and whose queue selectors are in {@code filters}. */
    public VirtualHost(String name, Scheduler scheduler, MessageStore store, DefinitionStore definitionStore,
                       LongSupplier messageIds, QueuePaging paging, FilterLanguage filters) {
        this.name = name;
        this.filters = filters;
        this.paging = paging;
        this.scheduler = scheduler;
        this.store = store;
        this.definitionStore = definitionStore;
        this.messageIds = messageIds;
        this.delayed = new DelayedMessages(name, store, scheduler, paging.budget(), this::publish);
        for (ExchangeType type : ExchangeType.values()) {
            putExchange(ExchangeDefinition.of("amq." + type.wireName(), type));
        }
        putExchange(ExchangeDefinition.of("amq.match", ExchangeType.HEADERS));
    }

    private void putExchange(ExchangeDefinition def) {
        exchanges.put(def.name(), Exchange.create(def));
    }

    @Override
    public String vhostName() {
        return name;
    }

    public String name() {
        return name;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public MessageStore store() {
        return store;
    }

    @Override
    public QueuePaging paging() {
        return paging;
    }

    @Override
    public FilterLanguage filterLanguage() {
        return filters;
    }

    private Exchange lookupExchange(String exchangeName) {
        return exchangeName.isEmpty() ? defaultExchange : exchanges.get(exchangeName);
    }

    // ---------------------------------------------------------------- exchanges

    /**
     * Declares an exchange, or checks an existing one is equivalent (406 naming the difference).
     * Passive: only checks it exists (404). Names beginning {@code amq.} are reserved (403).
     */
    public Exchange declareExchange(ExchangeDefinition def, boolean passive) {
        definitions.lock();
        try {
            Exchange existing = lookupExchange(def.name());
            if (passive) {
                if (existing == null) {
                    throw BrokerException.notFound("exchange", def.name(), name);
                }
                return existing;
            }
            if (def.name().isEmpty()) {
                throw BrokerException.accessRefused("operation not permitted on the default exchange");
            }
            if (existing != null) {
                checkEquivalent(existing.definition(), def);
                return existing;
            }
            if (def.name().startsWith("amq.")) {
                throw BrokerException.accessRefused("exchange name '" + def.name()
                        + "' contains reserved prefix 'amq.*'");
            }
            validateExchangeArguments(def);
            Exchange created = Exchange.create(def);
            applyPolicy(created);
            exchanges.put(def.name(), created);
            if (def.durable()) {
                definitionStore.putExchange(name, def);
            }
            return created;
        } finally {
            definitions.unlock();
        }
    }

    private void validateExchangeArguments(ExchangeDefinition def) {
        Object ae = def.arguments().get("alternate-exchange");
        if (def.arguments().containsKey("alternate-exchange") && FieldValues.asString(ae) == null) {
            throw BrokerException.precondition("invalid arg 'alternate-exchange' for exchange '" + def.name()
                    + "' in vhost '" + name + "': it must be a string naming an exchange");
        }
    }

    private void checkEquivalent(ExchangeDefinition current, ExchangeDefinition requested) {
        String subject = "exchange '" + current.name() + "' in vhost '" + name + "'";
        Equivalence.check(subject, "type", requested.type().wireName(), current.type().wireName());
        Equivalence.check(subject, "durable", requested.durable(), current.durable());
        Equivalence.check(subject, "auto_delete", requested.autoDelete(), current.autoDelete());
        Equivalence.check(subject, "internal", requested.internal(), current.internal());
        Equivalence.checkArguments(subject, requested.arguments(), current.arguments(),
                COMPARED_EXCHANGE_ARGUMENTS::contains);
    }

    /** Deletes an exchange and every binding from or to it; a missing one is not an error. */
    public void deleteExchange(String exchangeName, boolean ifUnused) {
        definitions.lock();
        try {
            if (exchangeName.isEmpty() || exchangeName.startsWith("amq.")) {
                throw BrokerException.accessRefused("operation not permitted on exchange '" + exchangeName
                        + "' in vhost '" + name + "'");
            }
            Exchange x = exchanges.get(exchangeName);
            if (x == null) {
                return;
            }
            if (ifUnused && x.bindingCount() > 0) {
                throw BrokerException.precondition("exchange '" + exchangeName + "' in vhost '" + name + "' in use");
            }
            removeExchange(x);
        } finally {
            definitions.unlock();
        }
    }

    private void removeExchange(Exchange x) {
        exchanges.remove(x.name());
        if (x.definition().durable()) {
            definitionStore.deleteExchange(name, x.name());
        }
        unbindEverywhere(Destination.exchange(x.name()));
    }

    /** Removes every binding leading to {@code destination}; auto-delete sources left bare go too. */
    private void unbindEverywhere(Destination destination) {
        for (Exchange source : List.copyOf(exchanges.values())) {
            if (!source.unbindAll(destination).isEmpty()) {
                deleteIfAutoDeleteAndBare(source);
            }
        }
    }

    private void deleteIfAutoDeleteAndBare(Exchange x) {
        if (x.definition().autoDelete() && x.bindingCount() == 0 && exchanges.get(x.name()) == x) {
            removeExchange(x);
        }
    }

    public Exchange exchange(String exchangeName) {
        return lookupExchange(exchangeName);
    }

    public List<Exchange> exchanges() {
        List<Exchange> all = new ArrayList<>(exchanges.size() + 1);
        all.add(defaultExchange);
        all.addAll(exchanges.values());
        return all;
    }

    // ---------------------------------------------------------------- queues

    /**
     * Declares a queue, or checks an existing one is equivalent. An empty name makes a
     * server-named queue ({@code amq.gen-...}). Exclusive queues belong to {@code owner}.
     */
    public Queue declareQueue(QueueDefinition requested, Owner owner, boolean passive) {
        return declareQueue(requested, owner, passive, def -> { });
    }

    /**
     * Declares a queue as {@link #declareQueue(QueueDefinition, Owner, boolean)} does, first
     * handing the definition with its final name (server-generated for an empty name) to
     * {@code check}, which may refuse by throwing; nothing has changed when it does. Protocol
     * adapters check permissions here. Not called for passive declares.
     */
    public Queue declareQueue(QueueDefinition requested, Owner owner, boolean passive,
                              java.util.function.Consumer<QueueDefinition> check) {
        definitions.lock();
        try {
            if (passive) {
                Queue q = requireQueue(requested.name(), owner);
                q.touch();
                return q;
            }
            QueueDefinition def = requested.name().isEmpty() ? requested.withName(queueNames.next()) : requested;
            check.accept(def);
            Queue existing = queues.get(def.name());
            if (existing != null) {
                checkAccess(existing, owner);
                checkEquivalent(existing, def);
                existing.touch();
                return existing;
            }
            if (def.name().startsWith("amq.") && !requested.name().isEmpty()) {
                throw BrokerException.accessRefused("queue name '" + def.name() + "' contains reserved prefix 'amq.*'");
            }
            QueueArguments args = argumentsFor(def);
            Queue q = new Queue(def, args, def.exclusive() ? owner : null, this);
            queues.put(def.name(), q);
            if (isKept(def)) {
                definitionStore.putQueue(name, def);
            }
            return q;
        } finally {
            definitions.unlock();
        }
    }

    private void checkEquivalent(Queue existing, QueueDefinition requested) {
        QueueDefinition current = existing.definition();
        String subject = "queue '" + current.name() + "' in vhost '" + name + "'";
        Equivalence.check(subject, "durable", requested.durable(), current.durable());
        Equivalence.check(subject, "exclusive", requested.exclusive(), current.exclusive());
        Equivalence.check(subject, "auto_delete", requested.autoDelete(), current.autoDelete());
        Equivalence.checkArguments(subject, requested.arguments(), current.arguments(),
                k -> k.startsWith("x-"));
    }

    /** The queue, or 404; 405 when it is another connection's exclusive queue. */
    public Queue requireQueue(String queueName, Owner owner) {
        Queue q = queues.get(queueName);
        if (q == null) {
            throw BrokerException.notFound("queue", queueName, name);
        }
        checkAccess(q, owner);
        return q;
    }

    private void checkAccess(Queue q, Owner owner) {
        if (!q.accessibleBy(owner)) {
            throw new BrokerException(ErrorKind.RESOURCE_LOCKED, "cannot obtain exclusive access to locked queue '"
                    + q.name() + "' in vhost '" + name + "'. It could be originally declared on another "
                    + "connection or the exclusive property value does not match that of the original declaration.");
        }
    }

    /** The queue, or null. */
    public Queue queue(String queueName) {
        return queues.get(queueName);
    }

    public List<Queue> queues() {
        return List.copyOf(queues.values());
    }

    /**
     * Deletes a queue with its messages and bindings; returns the number of ready messages it
     * held. A missing queue is not an error (0).
     */
    public int deleteQueue(String queueName, Owner owner, boolean ifUnused, boolean ifEmpty) {
        definitions.lock();
        try {
            Queue q = queues.get(queueName);
            if (q == null) {
                return 0;
            }
            checkAccess(q, owner);
            if (ifUnused && q.consumerCount() > 0) {
                throw BrokerException.precondition("queue '" + queueName + "' in vhost '" + name + "' in use");
            }
            if (ifEmpty && q.messageCount() > 0) {
                throw BrokerException.precondition("queue '" + queueName + "' in vhost '" + name + "' is not empty");
            }
            return dropQueue(q);
        } finally {
            definitions.unlock();
        }
    }

    private int dropQueue(Queue q) {
        if (!queues.remove(q.name(), q)) {
            return 0;
        }
        if (isKept(q.definition())) {
            definitionStore.deleteQueue(name, q.name());
        }
        unbindEverywhere(Destination.queue(q.name()));
        return q.delete();
    }

    /** Purges a queue's ready messages; returns how many. */
    public int purgeQueue(String queueName, Owner owner) {
        return requireQueue(queueName, owner).purge();
    }

    @Override
    public void removeQueue(Queue queue) {
        definitions.lock();
        try {
            dropQueue(queue);
        } finally {
            definitions.unlock();
        }
    }

    /** The connection went: its exclusive queues go with it. */
    public void ownerClosed(Owner owner) {
        definitions.lock();
        try {
            for (Queue q : List.copyOf(queues.values())) {
                if (q.exclusiveOwner() == owner) {
                    dropQueue(q);
                }
            }
        } finally {
            definitions.unlock();
        }
    }

    // ---------------------------------------------------------------- policies

    /** The policies in force, highest priority first. */
    public PolicySet policies() {
        return policies;
    }

    /**
     * Replaces every policy of this virtual host and applies the result to the queues and
     * exchanges that exist (new ones get it at declare). A queue keeps its priority levels and
     * single-active-consumer mode (see {@link Queue#updateArguments}).
     *
     * @throws IllegalArgumentException when a pattern does not compile or names repeat
     */
    public void setPolicies(List<Policy> newPolicies) {
        updatePolicies(current -> newPolicies);
    }

    /**
     * Changes the policies as {@code change} computes from the current ones, atomically with
     * respect to other policy changes (the definitions lock is held throughout), then applies them
     * as {@link #setPolicies} does.
     *
     * @throws IllegalArgumentException when a pattern does not compile or names repeat
     */
    public void updatePolicies(java.util.function.UnaryOperator<List<Policy>> change) {
        definitions.lock();
        try {
            policies = PolicySet.of(change.apply(policies.policies()));
            for (Exchange x : exchanges.values()) {
                applyPolicy(x);
            }
            for (Queue q : queues.values()) {
                QueueArguments updated = argumentsFor(q.definition());
                if (!updated.equals(q.arguments())) {
                    q.updateArguments(updated);
                }
            }
        } finally {
            definitions.unlock();
        }
    }

    /** The policy that applies to the queue named, or null. */
    public Policy policyForQueue(String queueName) {
        return policies.forQueue(queueName);
    }

    /** The policy that applies to the exchange named, or null. */
    public Policy policyForExchange(String exchangeName) {
        return exchangeName.isEmpty() ? null : policies.forExchange(exchangeName);
    }

    private void applyPolicy(Exchange x) {
        Policy p = policyForExchange(x.name());
        x.setPolicyAlternateExchange(p == null ? null : FieldValues.asString(p.definition().get("alternate-exchange")));
    }

    /**
     * A queue's arguments with its policy under them. A policy whose values this queue cannot take
     * (a dead-letter routing key without an exchange, say) is not applied to it, with a warning;
     * the queue's own arguments are then checked alone, so their errors reach the client.
     */
    private QueueArguments argumentsFor(QueueDefinition def) {
        Policy p = policies.forQueue(def.name());
        if (p != null) {
            try {
                return QueueArguments.parse(def.name(), name, PolicySet.effectiveArguments(def, p));
            } catch (BrokerException e) {
                LOG.log(System.Logger.Level.WARNING, "policy ''{0}'' is not applied to queue ''{1}'' in vhost ''{2}'': {3}",
                        p.name(), def.name(), name, e.getMessage());
            }
        }
        return QueueArguments.parse(def.name(), name, def.arguments());
    }

    // ---------------------------------------------------------------- bindings

    /** Binds; 404 for a missing source or destination, 403 for the default exchange. */
    public void bind(Binding binding, Owner owner) {
        definitions.lock();
        try {
            Exchange source = bindingSource(binding);
            requireDestination(binding.destination(), owner);
            if (source.bind(binding) && isKept(source, binding.destination())) {
                definitionStore.putBinding(name, binding);
            }
        } finally {
            definitions.unlock();
        }
    }

    /** Unbinds; unbinding a binding that does not exist is not an error, as in RabbitMQ. */
    public void unbind(Binding binding, Owner owner) {
        definitions.lock();
        try {
            Exchange source = bindingSource(binding);
            requireDestination(binding.destination(), owner);
            if (source.unbind(binding)) {
                if (isKept(source, binding.destination())) {
                    definitionStore.deleteBinding(name, binding);
                }
                deleteIfAutoDeleteAndBare(source);
            }
        } finally {
            definitions.unlock();
        }
    }

    private Exchange bindingSource(Binding binding) {
        if (binding.source().isEmpty()) {
            throw BrokerException.accessRefused("operation not permitted on the default exchange");
        }
        Exchange source = exchanges.get(binding.source());
        if (source == null) {
            throw BrokerException.notFound("exchange", binding.source(), name);
        }
        return source;
    }

    private void requireDestination(Destination d, Owner owner) {
        if (d.isQueue()) {
            requireQueue(d.name(), owner);
        } else if (d.name().isEmpty()) {
            throw BrokerException.accessRefused("operation not permitted on the default exchange");
        } else if (!exchanges.containsKey(d.name())) {
            throw BrokerException.notFound("exchange", d.name(), name);
        }
    }

    /** True for a queue that survives a restart: durable and not exclusive (as in RabbitMQ). */
    private static boolean isKept(QueueDefinition def) {
        return def.durable() && !def.exclusive();
    }

    /** True for a binding that survives a restart: both its ends do. */
    private boolean isKept(Exchange source, Destination destination) {
        if (!source.definition().durable()) {
            return false;
        }
        if (destination.isQueue()) {
            Queue q = queues.get(destination.name());
            return q != null && isKept(q.definition());
        }
        Exchange x = exchanges.get(destination.name());
        return x != null && x.definition().durable();
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Recreates what a definition store kept for this virtual host, without recording it again:
     * exchanges, queues, then bindings. Returns the queues made, for the broker to restore their
     * messages. A definition this Sluice no longer accepts is skipped with a warning rather than
     * stopping the broker.
     */
    public List<Queue> restoreDefinitions(VirtualHostDefinitions saved) {
        definitions.lock();
        try {
            for (ExchangeDefinition def : saved.exchanges()) {
                if (!exchanges.containsKey(def.name())) {
                    Exchange x = Exchange.create(def);
                    applyPolicy(x);
                    exchanges.put(def.name(), x);
                }
            }
            List<Queue> made = new ArrayList<>(saved.queues().size());
            for (QueueDefinition def : saved.queues()) {
                try {
                    QueueArguments args = argumentsFor(def);
                    Queue q = new Queue(def, args, null, this);
                    queues.put(def.name(), q);
                    made.add(q);
                } catch (BrokerException e) {
                    LOG.log(System.Logger.Level.WARNING, "stored queue '" + def.name() + "' in vhost '" + name
                            + "' is not restored: " + e.getMessage());
                }
            }
            for (Binding b : saved.bindings()) {
                Exchange source = exchanges.get(b.source());
                boolean destinationExists = b.destination().isQueue()
                        ? queues.containsKey(b.destination().name()) : exchanges.containsKey(b.destination().name());
                if (source != null && destinationExists) {
                    source.bind(b);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "stored binding " + b + " in vhost '" + name
                            + "' is not restored: one of its ends is missing");
                }
            }
            return made;
        } finally {
            definitions.unlock();
        }
    }

    /** Every binding in the virtual host, the default exchange's implicit ones excluded. */
    public List<Binding> bindings() {
        List<Binding> all = new ArrayList<>();
        for (Exchange x : exchanges.values()) {
            all.addAll(x.bindings());
        }
        return all;
    }

    // ---------------------------------------------------------------- publishing

    /**
     * A new broker-wide message id, for an adapter to build a message with (so that
     * {@link #publish} need not copy the message to give it one).
     */
    public long nextMessageId() {
        return messageIds.getAsLong();
    }

    /**
     * The entry point for every published message: routes {@code message} from its exchange with
     * its routing key (plus CC / BCC keys from its headers) into every matching queue, each once.
     * Takes over the caller's reference to the message. 404 when the exchange is missing, 403 when
     * it is internal, 406 for an invalid expiration.
     */
    public RoutingResult publish(Message message) {
        try {
            Exchange x = publishTarget(message);
            SenderSelected keys = SenderSelected.of(message);
            if (keys.hasBcc() || !keys.cc().isEmpty()) {
                message = keys.apply(message);
            }
            if (message.id() == 0) { // transient ones too: a queue may page them out (stored once)
                message = message.withId(messageIds.getAsLong());
            }
            return deliverToQueues(x, keys.allKeys(), message);
        } finally {
            message.release();
        }
    }

    /**
     * Holds {@code message} until {@code dueAt} (epoch ms), then publishes it as {@link #publish}
     * does (a delivery delay). Takes over the caller's reference. The exchange and expiration are
     * checked now (404, 403, 406 as for {@link #publish}); an exchange deleted before the message
     * is due drops it then. A persistent message is recorded in the store at once: it is on disk
     * once a {@link MessageStore#whenDurable} action asked for after this call runs.
     */
    public void publishLater(Message message, long dueAt) {
        try {
            publishTarget(message);
        } catch (BrokerException e) {
            message.release();
            throw e;
        }
        if (message.persistent() && message.id() == 0) {
            message = message.withId(messageIds.getAsLong());
        }
        delayed.hold(message, dueAt);
    }

    /** The messages waiting for their delivery time. */
    public DelayedMessages delayed() {
        return delayed;
    }

    /** The exchange {@code message} is published to; 404 when missing, 403 when internal, 406 for a bad expiration. */
    private Exchange publishTarget(Message message) {
        Exchange x = lookupExchange(message.exchange());
        if (x == null) {
            throw BrokerException.notFound("exchange", message.exchange(), name);
        }
        if (x.definition().internal()) {
            throw BrokerException.accessRefused("cannot publish to internal exchange '" + x.name()
                    + "' in vhost '" + name + "'");
        }
        validateExpiration(message.properties().expiration());
        return x;
    }

    private RoutingResult deliverToQueues(Exchange x, List<String> routingKeys, Message message) {
        QueueTargets targets = new QueueTargets();
        Router.route(x, routingKeys, message.properties().headers(), exchangeLookup, targets);
        int accepted = 0;
        List<String> refused = null;
        List<Queue> congested = null;
        for (int t = 0; t < targets.size(); t++) {
            String queueName = targets.get(t);
            Queue q = queues.get(queueName);
            if (q == null) {
                continue;
            }
            EnqueueResult r = q.enqueue(message);
            if (r == EnqueueResult.ACCEPTED) {
                accepted++;
                if (q.congested()) {
                    if (congested == null) {
                        congested = new ArrayList<>(1);
                    }
                    congested.add(q);
                }
            } else if (r == EnqueueResult.REFUSED_OVERFLOW) {
                if (refused == null) {
                    refused = new ArrayList<>(1);
                }
                refused.add(queueName);
            }
        }
        if (accepted == 0 && refused == null) {
            return RoutingResult.UNROUTABLE;
        }
        return new RoutingResult(accepted, refused == null ? List.of() : refused,
                congested == null ? List.of() : congested, message.persistent() ? message.id() : 0);
    }

    /**
     * Runs {@code action} once the published message of {@code result} can no longer be lost: a
     * persistent message when it is durable in every queue that took it, or when they all let go of
     * it before it was written (see {@link MessageStore#whenMessageDurable}); a transient one once
     * everything recorded before is durable. For publisher confirms and AMQP 1.0 {@code accepted};
     * the action must only hand work on (it may run on a thread that holds a queue's lock).
     */
    public void whenSafe(RoutingResult result, Runnable action) {
        if (result.messageId() != 0) {
            store.whenMessageDurable(result.messageId(), action);
        } else {
            store.whenDurable(action);
        }
    }

    private static void validateExpiration(String expiration) {
        if (expiration == null) {
            return;
        }
        boolean valid = !expiration.isEmpty() && expiration.length() <= 18;
        for (int i = 0; valid && i < expiration.length(); i++) {
            valid = Character.isDigit(expiration.charAt(i));
        }
        if (!valid) {
            throw BrokerException.precondition("invalid expiration '" + expiration
                    + "': it must be a non-negative integer of milliseconds");
        }
    }

    // ---------------------------------------------------------------- dead-lettering

    @Override
    public void deadLetter(Queue source, List<DeadLetter> letters) {
        String dlx = source.arguments().deadLetterExchange();
        String dlrk = source.arguments().deadLetterRoutingKey();
        for (DeadLetter letter : letters) {
            Message original = letter.message();
            Exchange x = dlx == null ? null : lookupExchange(dlx);
            if (x == null) {
                original.release();
                continue;
            }
            Message dead = deadLetterCopy(source, letter, dlx, dlrk);
            try {
                List<String> keys = dlrk != null ? List.of(dlrk) : originalKeys(original);
                QueueTargets targets = new QueueTargets();
                Router.route(x, keys, dead.properties().headers(), exchangeLookup, targets);
                for (String target : targets) {
                    Queue q = queues.get(target);
                    if (q != null && !DeathHistory.isAutomaticCycle(dead.properties().headers(), target)) {
                        q.enqueue(dead);
                    }
                }
            } finally {
                dead.release();
            }
        }
    }

    /** The dead letter as it travels on: new x-death, no per-message TTL, the DLX as exchange. */
    private Message deadLetterCopy(Queue source, DeadLetter letter, String dlx, String dlrk) {
        Message original = letter.message();
        MessageProperties props = original.properties();
        DeathHistory.Death death = new DeathHistory.Death(source.name(), letter.reason(), original.exchange(),
                originalKeys(original), props.expiration(), new Date(scheduler.nowMillis()));
        Map<String, Object> headers = DeathHistory.record(props.headers(), death);
        Message.Builder b = original.toBuilder()
                .exchange(dlx)
                .routingKey(dlrk != null ? dlrk : original.routingKey())
                .ccKeys(dlrk != null ? List.of() : original.ccKeys())
                .properties(props.withHeaders(headers).withExpiration(null))
                .id(messageIds.getAsLong());
        return b.build();
    }

    private static List<String> originalKeys(Message m) {
        if (m.ccKeys().isEmpty()) {
            return List.of(m.routingKey());
        }
        List<String> keys = new ArrayList<>(1 + m.ccKeys().size());
        keys.add(m.routingKey());
        keys.addAll(m.ccKeys());
        return keys;
    }

    /**
     * Sender-selected distribution: the routing key plus the {@code CC} and {@code BCC} header
     * keys; BCC is removed before the message reaches any queue.
     *
     * <p>Threading: immutable.
     */
    private record SenderSelected(List<String> allKeys, List<String> cc, boolean hasBcc) {
        static SenderSelected of(Message m) {
            Map<String, Object> headers = m.properties().headers();
            if (headers.isEmpty() || (!headers.containsKey("CC") && !headers.containsKey("BCC"))) {
                return new SenderSelected(List.of(m.routingKey()), List.of(), false);
            }
            List<String> cc = stringsOf(headers.get("CC"));
            List<String> bcc = stringsOf(headers.get("BCC"));
            List<String> all = new ArrayList<>(1 + cc.size() + bcc.size());
            all.add(m.routingKey());
            all.addAll(cc);
            all.addAll(bcc);
            return new SenderSelected(all, cc, headers.containsKey("BCC"));
        }

        private static List<String> stringsOf(Object value) {
            if (!(value instanceof List<?> list)) {
                return List.of();
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                String s = FieldValues.asString(o);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        Message apply(Message m) {
            Message.Builder b = m.toBuilder().ccKeys(cc);
            if (hasBcc) {
                Map<String, Object> headers = new LinkedHashMap<>(m.properties().headers());
                headers.remove("BCC");
                b.properties(m.properties().withHeaders(headers));
            } else {
                b.encoded(m.encoded());
            }
            return b.build();
        }
    }
}
