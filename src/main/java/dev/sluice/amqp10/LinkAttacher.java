package dev.sluice.amqp10;

import dev.sluice.amqp10.jms.Selector;
import dev.sluice.amqp10.jms.SelectorException;
import dev.sluice.core.BrokerException;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueBrowser;
import dev.sluice.core.queue.QueueDefinition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;

/**
 * Answers a peer's attach: works out the node the terminus names (see {@link Address}), checks
 * the user's permissions ({@link LinkPermissions}; nothing is made when one is missing), creates
 * what has to exist (JMS queues on demand, dynamic nodes, topic subscription queues), and opens
 * the link with its handler, or refuses it: the link is attached with a null terminus and closed
 * at once with the error ({@code amqp:not-found}, {@code amqp:unauthorized-access},
 * {@code amqp:invalid-field}, ...), which is how Qpid JMS expects a refusal.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class LinkAttacher {
    private static final Symbol COPY = Symbol.valueOf("copy");
    private static final Symbol NO_LOCAL_SYMBOL = Symbol.valueOf("apache.org:no-local-filter:list");
    private static final UnsignedLong NO_LOCAL_CODE = UnsignedLong.valueOf(0x0000468C00000003L);

    private final Amqp10Connection conn;

    LinkAttacher(Amqp10Connection conn) {
        this.conn = conn;
    }

    void attach(Link link) {
        try {
            if (link instanceof Receiver r) {
                attachPublisher(r);
            } else {
                attachConsumer((Sender) link);
            }
        } catch (BrokerException e) {
            refuse(link, ErrorConditions.of(e));
        } catch (IllegalArgumentException e) {
            refuse(link, ErrorConditions.of(AmqpError.INVALID_FIELD, e.getMessage()));
        } catch (SelectorException e) {
            refuse(link, ErrorConditions.of(AmqpError.INVALID_FIELD, "invalid selector: " + e.getMessage()));
        }
    }

    private void refuse(Link link, ErrorCondition condition) {
        if (link instanceof Sender) {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        } else {
            link.setSource(link.getRemoteSource());
            link.setTarget(null);
        }
        link.open();
        link.setCondition(condition);
        link.close();
    }

    private Nodes nodes() {
        return new Nodes(conn.vhost(), conn.owner(), conn.settings(), conn.permissions());
    }

    // ---------------------------------------------------------------- publishing links

    private void attachPublisher(Receiver r) {
        if (r.getRemoteTarget() instanceof Coordinator coordinator) {
            r.setTarget(coordinator);
            r.setSource(r.getRemoteSource());
            CoordinatorLink handler = new CoordinatorLink(conn, r);
            open(r, handler);
            handler.start();
            return;
        }
        Target remote = (Target) r.getRemoteTarget();
        Address address = null;
        Runnable onGone = null;
        Target local = copy(remote);
        if (remote != null && remote.getDynamic()) {
            List<String> caps = capabilities(remote.getCapabilities());
            if (caps.contains("temporary-topic") || caps.contains("topic")) {
                String name = "amq.gen.topic-" + UUID.randomUUID();
                address = new Address.Topic(name);
                conn.permissions().publishTo(address);
                local.setAddress(name);
            } else {
                conn.permissions().publishTo(new Address.Queue("", false));
                Queue q = temporaryQueue(def -> { });
                address = new Address.Queue(q.name(), false);
                local.setAddress(Address.ofQueue(q.name()));
                onGone = () -> conn.vhost().deleteQueue(q.name(), conn.owner(), false, false);
            }
        } else if (remote != null && remote.getAddress() != null) {
            address = Address.parse(remote.getAddress(), capabilities(remote.getCapabilities()));
            conn.permissions().publishTo(address);
            nodes().checkTarget(address);
        }
        r.setTarget(local);
        r.setSource(r.getRemoteSource());
        r.setSenderSettleMode(r.getRemoteSenderSettleMode());
        r.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        r.setMaxMessageSize(UnsignedLong.valueOf(conn.settings().maxMessageBytes()));
        PublishLink handler = new PublishLink(conn, r, address, nodes(), onGone);
        open(r, handler);
        handler.start();
    }

    /**
     * A server-named exclusive queue for a dynamic node; {@code alsoCheck} sees its final name
     * after the configure permission on it is checked, before it is made.
     */
    private Queue temporaryQueue(Consumer<QueueDefinition> alsoCheck) {
        return conn.vhost().declareQueue(new QueueDefinition("", false, true, false, Map.of()), conn.owner(), false,
                def -> {
                    conn.permissions().declareQueue(def);
                    alsoCheck.accept(def);
                });
    }

    // ---------------------------------------------------------------- consuming links

    private void attachConsumer(Sender s) {
        Source remote = (Source) s.getRemoteSource();
        if (remote == null) {
            reattachForUnsubscribe(s);
            return;
        }
        List<String> caps = capabilities(remote.getCapabilities());
        Source local = copy(remote);
        Queue queue;
        Consumer<Boolean> onGone = closed -> { };
        Selector selector = selector(remote, local);
        boolean subscription = false;
        if (remote.getDynamic()) {
            queue = temporaryQueue(def -> conn.permissions().consume(def.name()));
            local.setAddress(Address.ofQueue(queue.name()));
            onGone = closed -> conn.vhost().deleteQueue(queue.name(), conn.owner(), false, false);
        } else {
            Address address = Address.parse(remote.getAddress(), caps);
            if (address instanceof Address.Exchange) {
                throw new IllegalArgumentException("a source address must name a queue (/queues/:queue) or a JMS "
                        + "queue or topic, not an exchange: '" + remote.getAddress() + "'");
            }
            if (address instanceof Address.Topic t) {
                boolean durable = remote.getDurable() != null && remote.getDurable() != TerminusDurability.NONE;
                boolean shared = caps.contains("shared") || s.getName().contains("|");
                String queueName = SubscriptionNames.queueName(conn.containerId(), s.getName(), caps);
                TopicSubscriptions.Opened opened = new TopicSubscriptions(conn.vhost(), conn.owner(),
                        conn.permissions()).open(t.name(), selector == null ? null : selector.toString(), durable,
                        shared, queueName);
                queue = opened.queue();
                onGone = opened.onGone();
                subscription = true;
            } else {
                conn.permissions().consume(((Address.Queue) address).queue());
                queue = nodes().queue((Address.Queue) address);
                if (COPY.equals(remote.getDistributionMode())) {
                    attachBrowser(s, local, queue);
                    return;
                }
            }
        }
        // a topic subscription's queue applies the selector itself: it keeps only what it selects
        Predicate<Message> filter = subscription ? null : selector;
        if (noLocal(remote, local)) {
            String self = conn.id();
            Predicate<Message> notOwn = m -> !self.equals(m.annotations().get(InboundMessages.PUBLISHER_ANNOTATION));
            filter = filter == null ? notOwn : filter.and(notOwn);
            conn.noLocalConsumer(1);
            Consumer<Boolean> cleanup = onGone;
            onGone = closed -> {
                conn.noLocalConsumer(-1);
                cleanup.accept(closed);
            };
        }
        s.setSource(local);
        s.setTarget(s.getRemoteTarget());
        boolean preSettled = s.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        s.setSenderSettleMode(preSettled ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        s.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        ConsumeLink handler = new ConsumeLink(conn, s, queue, preSettled, filter, onGone);
        open(s, handler);
        handler.start(s.getName());
    }

    /** A browsing link: copies of what the queue holds now, pre-settled (a selector applies). */
    private void attachBrowser(Sender s, Source local, Queue queue) {
        Predicate<Message> filter = selector((Source) s.getRemoteSource(), local);
        QueueBrowser browser = queue.browser();
        s.setSource(local);
        s.setTarget(s.getRemoteTarget());
        s.setSenderSettleMode(SenderSettleMode.SETTLED);
        s.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        open(s, new BrowseLink(conn, s, browser, filter));
    }

    /** The JMS selector filter of a source, or null; the local source echoes only the filters honoured. */
    private static Selector selector(Source remote, Source local) {
        Map<Symbol, Object> filters = castFilters(remote.getFilter());
        local.setFilter(null);
        if (filters == null) {
            return null;
        }
        for (Map.Entry<Symbol, Object> e : filters.entrySet()) {
            if (e.getValue() instanceof DescribedType d && Selector.isSelectorDescriptor(d.getDescriptor())) {
                Selector selector = Selector.parse(String.valueOf(d.getDescribed()));
                Map<Symbol, Object> echoed = new HashMap<>();
                echoed.put(e.getKey(), e.getValue());
                local.setFilter(echoed);
                return selector;
            }
        }
        return null;
    }

    /**
     * True when the source asks for Qpid JMS's no-local filter ({@code apache.org:no-local-filter:list});
     * it is then echoed in the local source next to the selector.
     */
    private static boolean noLocal(Source remote, Source local) {
        Map<Symbol, Object> filters = castFilters(remote.getFilter());
        if (filters == null) {
            return false;
        }
        for (Map.Entry<Symbol, Object> e : filters.entrySet()) {
            if (e.getValue() instanceof DescribedType d && (NO_LOCAL_SYMBOL.equals(d.getDescriptor())
                    || NO_LOCAL_CODE.equals(d.getDescriptor()))) {
                Map<Symbol, Object> echoed = local.getFilter() == null ? new HashMap<>() : castFilters(local.getFilter());
                echoed.put(e.getKey(), e.getValue());
                local.setFilter(echoed);
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<Symbol, Object> castFilters(Map<?, ?> filters) {
        return (Map<Symbol, Object>) filters;
    }

    /**
     * Qpid JMS unsubscribes by attaching a receiver with the subscription's link name and no
     * source, then closing it: answer with the subscription's source when it exists (the close
     * then deletes it), with none when it does not.
     */
    private void reattachForUnsubscribe(Sender s) {
        String queueName = SubscriptionNames.queueName(conn.containerId(), s.getName(), List.of());
        TopicSubscriptions subscriptions = new TopicSubscriptions(conn.vhost(), conn.owner(), conn.permissions());
        String topic = subscriptions.topicOf(queueName);
        s.setTarget(s.getRemoteTarget());
        if (topic == null) {
            refuse(s, ErrorConditions.of(AmqpError.NOT_FOUND, "no durable subscription '"
                    + SubscriptionNames.subscription(s.getName()) + "'"));
            return;
        }
        conn.permissions().deleteQueue(queueName);
        Source source = new Source();
        source.setAddress(topic);
        source.setCapabilities(Symbol.valueOf("topic"));
        source.setDurable(TerminusDurability.UNSETTLED_STATE);
        source.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        s.setSource(source);
        open(s, new UnsubscribeLink(s, closed -> {
            if (closed) {
                subscriptions.deleteQuietly(queueName, true);
            }
        }));
    }

    private void open(Link link, LinkHandler handler) {
        link.setContext(handler);
        conn.register(handler);
        link.open();
    }

    // ---------------------------------------------------------------- terminus helpers

    static List<String> capabilities(Symbol[] symbols) {
        if (symbols == null) {
            return List.of();
        }
        return Arrays.stream(symbols).map(String::valueOf).toList();
    }

    private static Target copy(Target remote) {
        Target t = new Target();
        if (remote != null) {
            t.setAddress(remote.getAddress());
            t.setDurable(remote.getDurable());
            t.setExpiryPolicy(remote.getExpiryPolicy());
            t.setTimeout(remote.getTimeout());
            t.setDynamic(remote.getDynamic());
            t.setDynamicNodeProperties(remote.getDynamicNodeProperties());
            t.setCapabilities(remote.getCapabilities());
        }
        return t;
    }

    private static Source copy(Source remote) {
        Source s = new Source();
        s.setAddress(remote.getAddress());
        s.setDurable(remote.getDurable());
        s.setExpiryPolicy(remote.getExpiryPolicy());
        s.setTimeout(remote.getTimeout());
        s.setDynamic(remote.getDynamic());
        s.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        s.setDistributionMode(remote.getDistributionMode());
        s.setFilter(remote.getFilter());
        s.setDefaultOutcome(remote.getDefaultOutcome());
        s.setOutcomes(remote.getOutcomes());
        s.setCapabilities(remote.getCapabilities());
        return s;
    }
}
