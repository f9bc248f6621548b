#!/usr/bin/env python3
"""Checks that the Python pika client (BlockingConnection) works against an AMQP 0-9-1 broker.

Usage: pika_check.py HOST PORT

Connects as guest/guest to vhost "/", runs every check on connections of its own, prints one
PASS or FAIL line per check and a closing "N passed, N failed" line, and exits 1 when any check
failed. Every check asserts what RabbitMQ does; run it against RabbitMQ to check a check.
"""

import datetime
import decimal
import os
import sys
import time
import traceback
import uuid

import pika
from pika.compat import long
from pika.exceptions import ChannelClosedByBroker, UnroutableError

WAIT_SECONDS = 10.0
HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5672
PREFIX = "pika-check." + uuid.uuid4().hex[:8] + "."

CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


REPLY_NAMES = {403: "ACCESS_REFUSED", 404: "NOT_FOUND", 405: "RESOURCE_LOCKED", 406: "PRECONDITION_FAILED"}


def expect_channel_error(action, code, what, *words):
    """Runs action(), which must fail with a channel.close of this reply code whose text has every word."""
    try:
        action()
    except ChannelClosedByBroker as error:
        expect_equal(error.reply_code, code, what + ": reply code")
        for word in (REPLY_NAMES[code],) + words:
            expect(word in error.reply_text, "%s: reply text %r should contain %r" % (what, error.reply_text, word))
        return
    raise AssertionError("%s: expected a channel error %d, but the call succeeded" % (what, code))


def name(role):
    return PREFIX + role


def connect(**options):
    settings = dict(host=HOST, port=PORT, virtual_host="/", credentials=pika.PlainCredentials("guest", "guest"),
                    connection_attempts=1, socket_timeout=WAIT_SECONDS, blocked_connection_timeout=30)
    settings.update(options)
    return pika.BlockingConnection(pika.ConnectionParameters(**settings))


def wait_until(connection, condition, what, seconds=WAIT_SECONDS):
    """Runs the connection's I/O loop until condition() holds; fails after the deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (seconds, what))
        connection.process_data_events(time_limit=0.05)


def pump(connection, seconds):
    """Runs the I/O loop for a while, so that anything the broker would send has arrived."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.process_data_events(time_limit=0.05)


def drain(channel, queue):
    """Every body left in the queue (basic.get with auto-ack until empty)."""
    bodies = []
    while True:
        method, _, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            return bodies
        bodies.append(body)


def message_count(channel, queue):
    return channel.queue_declare(queue, passive=True).method.message_count


@check
def exchange_types_and_bindings(connection):
    channel = connection.channel()
    channel.confirm_delivery()  # publishes return once routed, so basic.get sees them
    exchanges = {kind: name("x." + kind) for kind in ("direct", "topic", "fanout", "headers")}
    for kind, exchange in exchanges.items():
        channel.exchange_declare(exchange, exchange_type=kind, auto_delete=False)
        channel.exchange_declare(exchange, exchange_type=kind, passive=True)
    queues = {role: name("q." + role) for role in ("direct", "topic", "fan1", "fan2", "all", "any", "e2e")}
    for queue in queues.values():
        declared = channel.queue_declare(queue)
        expect_equal(declared.method.queue, queue, "declared queue name")
        expect_equal(declared.method.message_count, 0, "message count of a new queue")
    channel.queue_bind(queues["direct"], exchanges["direct"], routing_key="red")
    channel.queue_bind(queues["topic"], exchanges["topic"], routing_key="a.*.c")
    channel.queue_bind(queues["topic"], exchanges["topic"], routing_key="x.#")
    channel.queue_bind(queues["fan1"], exchanges["fanout"])
    channel.queue_bind(queues["fan2"], exchanges["fanout"], routing_key="ignored")
    wanted = {"format": "pdf", "type": "report"}
    channel.queue_bind(queues["all"], exchanges["headers"], arguments=dict(wanted, **{"x-match": "all"}))
    channel.queue_bind(queues["any"], exchanges["headers"], arguments=dict(wanted, **{"x-match": "any"}))
    # exchange-to-exchange: the fanout exchange also feeds a second direct exchange
    inner = name("x.inner")
    channel.exchange_declare(inner, exchange_type="direct")
    channel.exchange_bind(destination=inner, source=exchanges["fanout"])
    channel.queue_bind(queues["e2e"], inner, routing_key="")

    channel.basic_publish(exchanges["direct"], "red", b"d-red")
    channel.basic_publish(exchanges["direct"], "blue", b"d-blue")
    for key in ("a.b.c", "a.b.b.c", "x", "x.y.z", "a.c"):
        channel.basic_publish(exchanges["topic"], key, key.encode())
    channel.basic_publish(exchanges["fanout"], "", b"f")
    for label, headers in (("both", {"format": "pdf", "type": "report"}),
                           ("one", {"format": "pdf", "type": "log"}),
                           ("none", {"format": "zip"})):
        channel.basic_publish(exchanges["headers"], "", label.encode(),
                              pika.BasicProperties(headers=headers))

    expect_equal(drain(channel, queues["direct"]), [b"d-red"], "direct queue")
    expect_equal(drain(channel, queues["topic"]), [b"a.b.c", b"x", b"x.y.z"], "topic queue")
    expect_equal(drain(channel, queues["fan1"]), [b"f"], "fanout queue 1")
    expect_equal(drain(channel, queues["fan2"]), [b"f"], "fanout queue 2")
    expect_equal(drain(channel, queues["e2e"]), [b"f"], "queue behind an exchange-to-exchange binding")
    expect_equal(drain(channel, queues["all"]), [b"both"], "headers x-match all queue")
    expect_equal(drain(channel, queues["any"]), [b"both", b"one"], "headers x-match any queue")

    channel.queue_unbind(queues["direct"], exchanges["direct"], routing_key="red")
    channel.basic_publish(exchanges["direct"], "red", b"after-unbind")
    expect_equal(message_count(channel, queues["direct"]), 0, "messages routed after unbind")

    # names are shortstr: UTF-8 on the wire, up to 255 bytes
    unicode_exchange = name("x.\u00fcnic\u00f6de.\u2713")
    unicode_queue = name("q.caf\u00e9.\u65e5\u672c")
    channel.exchange_declare(unicode_exchange, exchange_type="topic")
    channel.queue_declare(unicode_queue)
    channel.queue_bind(unicode_queue, unicode_exchange, routing_key="k.\u00e9t\u00e9.*")
    channel.basic_publish(unicode_exchange, "k.\u00e9t\u00e9.\u2713", b"unicode")
    method, _, body = channel.basic_get(unicode_queue, auto_ack=True)
    expect_equal(body, b"unicode", "body through UTF-8 names")
    expect_equal((method.exchange, method.routing_key), (unicode_exchange, "k.\u00e9t\u00e9.\u2713"),
                 "UTF-8 exchange and routing key of the delivery")
    channel.queue_delete(unicode_queue)
    channel.exchange_delete(unicode_exchange)

    channel.basic_publish("", queues["direct"], b"default-exchange")
    expect_equal(channel.queue_purge(queues["direct"]).method.message_count, 1, "purged count")
    channel.basic_publish("", queues["direct"], b"left")
    expect_equal(channel.queue_delete(queues["direct"]).method.message_count, 1, "deleted queue's count")
    for queue in queues.values():
        if queue != queues["direct"]:
            channel.queue_delete(queue)
    channel.exchange_delete(inner)
    for exchange in exchanges.values():
        channel.exchange_delete(exchange)


@check
def server_named_exclusive_queue(connection):
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True).method.queue
    expect(queue.startswith("amq.gen-"), "server-named queue should start with amq.gen-, got %r" % queue)
    other = connect()
    try:
        expect_channel_error(lambda: other.channel().queue_declare(queue, passive=True), 405,
                             "another connection's exclusive queue", queue)
    finally:
        other.close()
    connection.close()
    after = connect()
    try:
        expect_channel_error(lambda: after.channel().queue_declare(queue, passive=True), 404,
                             "the exclusive queue after its connection closed")
    finally:
        after.close()


@check
def properties_and_header_types(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    queue = channel.queue_declare("", exclusive=True).method.queue
    headers = {
        "string": "h\u00e9llo \u2713",
        "int": 42,
        "negative": -7,
        "long": 2 ** 40,
        "true": True,
        "false": False,
        "bytes": b"\x00\x01\xfe\xff",
        "decimal": decimal.Decimal("3.14"),
        "timestamp": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "table": {"nested": "yes", "depth": {"n": 2}},
        "array": [1, "two", True, {"k": "v"}, [3]],
        "void": None,
    }
    sent = pika.BasicProperties(
        content_type="application/json", content_encoding="utf-8", headers=headers,
        delivery_mode=2, priority=5, correlation_id="corr-1", reply_to="reply-here",
        expiration="60000", message_id="msg-1", timestamp=1700000000, type="check.type",
        user_id="guest", app_id="pika-check")
    body = '{"text": "h\u00e9llo"}'.encode("utf-8")
    channel.basic_publish("", queue, body, sent)
    channel.basic_publish("", queue, b"", pika.BasicProperties())
    received = []

    def on_message(ch, method, properties, payload):
        received.append((method, properties, payload))
        ch.basic_ack(method.delivery_tag)

    tag = channel.basic_consume(queue, on_message)
    wait_until(connection, lambda: len(received) == 2, "2 deliveries")
    method, properties, payload = received[0]
    expect_equal(payload, body, "body")
    expect_equal(method.consumer_tag, tag, "consumer tag")
    expect_equal(method.exchange, "", "exchange")
    expect_equal(method.routing_key, queue, "routing key")
    expect_equal(method.redelivered, False, "redelivered")
    for field in ("content_type", "content_encoding", "delivery_mode", "priority", "correlation_id",
                  "reply_to", "expiration", "message_id", "timestamp", "type", "user_id", "app_id"):
        expect_equal(getattr(properties, field), getattr(sent, field), "property " + field)
    expect_equal(sorted(properties.headers), sorted(headers), "header names")
    for key, value in headers.items():
        expect_equal(properties.headers[key], value, "header " + key)
    empty_method, empty_properties, empty_body = received[1]
    expect_equal(empty_body, b"", "empty body")
    expect_equal(empty_properties.headers, None, "headers of a message sent without any")
    expect_equal(empty_properties.content_type, None, "content type of a message sent without one")
    channel.basic_cancel(tag)


@check
def publisher_confirms(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    queue = channel.queue_declare(name("confirms"), durable=True).method.queue
    for index in range(200):
        # BlockingChannel.basic_publish returns once the broker has acked the publish, and
        # raises NackError on a nack
        channel.basic_publish("", queue, b"confirmed %d" % index, pika.BasicProperties(delivery_mode=2))
    expect_equal(message_count(channel, queue), 200, "messages after 200 confirmed publishes")
    try:
        channel.basic_publish("", name("nowhere"), b"unroutable", mandatory=True)
        raise AssertionError("a mandatory unroutable publish in confirm mode did not raise UnroutableError")
    except UnroutableError as error:
        expect_equal(len(error.messages), 1, "returned messages")
        expect_equal(error.messages[0].method.reply_code, 312, "reply code of the return")
        expect_equal(error.messages[0].body, b"unroutable", "returned body")
    expect_equal(channel.queue_delete(queue).method.message_count, 200, "deleted queue's count")


@check
def basic_get(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    queue = channel.queue_declare("", exclusive=True).method.queue
    method, properties, body = channel.basic_get(queue)
    expect(method is None and body is None, "basic.get on an empty queue should be get-empty")
    for index in range(3):
        channel.basic_publish("", queue, b"g%d" % index, pika.BasicProperties(message_id=str(index)))
    method, properties, body = channel.basic_get(queue, auto_ack=False)
    expect_equal(body, b"g0", "first body")
    expect_equal(method.message_count, 2, "message count after the first get")
    expect_equal(method.redelivered, False, "redelivered on first get")
    expect_equal(properties.message_id, "0", "message id")
    channel.basic_nack(method.delivery_tag, requeue=True)
    method, _, body = channel.basic_get(queue, auto_ack=False)
    expect_equal(body, b"g0", "body after nack with requeue (requeued to the head)")
    expect_equal(method.redelivered, True, "redelivered after requeue")
    channel.basic_ack(method.delivery_tag)
    method, _, body = channel.basic_get(queue, auto_ack=True)
    expect_equal((body, method.message_count), (b"g1", 1), "second get (auto-ack)")
    expect_equal(message_count(channel, queue), 1, "messages left")


@check
def ack_nack_reject(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    queue = channel.queue_declare(name("acks")).method.queue
    for body in (b"ack-me", b"requeue-me", b"reject-me"):
        channel.basic_publish("", queue, body)
    received = []
    tag = channel.basic_consume(queue, lambda ch, method, properties, body: received.append((method, body)))
    wait_until(connection, lambda: len(received) == 3, "3 deliveries")
    by_body = {body: method for method, body in received}
    expect_equal(sorted(by_body), [b"ack-me", b"reject-me", b"requeue-me"], "bodies")
    expect(all(not method.redelivered for method in by_body.values()), "first deliveries are not redelivered")
    channel.basic_ack(by_body[b"ack-me"].delivery_tag)
    channel.basic_reject(by_body[b"reject-me"].delivery_tag, requeue=False)
    channel.basic_nack(by_body[b"requeue-me"].delivery_tag, requeue=True)
    wait_until(connection, lambda: len(received) == 4, "the requeued message")
    method, body = received[3]
    expect_equal(body, b"requeue-me", "redelivered body")
    expect_equal(method.redelivered, True, "redelivered flag")
    # nack(requeue=False, multiple=True) over two more, then ack(multiple) settles the rest
    for body in (b"m1", b"m2", b"m3"):
        channel.basic_publish("", queue, body)
    wait_until(connection, lambda: len(received) == 7, "3 more deliveries")
    channel.basic_nack(received[5][0].delivery_tag, multiple=True, requeue=False)
    channel.basic_ack(received[6][0].delivery_tag, multiple=True)
    channel.basic_cancel(tag)
    channel.close()
    checker = connection.channel()
    expect_equal(message_count(checker, queue), 0, "messages left after ack, reject, nack and multiple settles")
    checker.queue_delete(queue)


@check
def prefetch(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    queue = channel.queue_declare("", exclusive=True).method.queue
    for index in range(6):
        channel.basic_publish("", queue, b"p%d" % index)
    channel.basic_qos(prefetch_count=2)
    received = []
    channel.basic_consume(queue, lambda ch, method, properties, body: received.append(method))
    wait_until(connection, lambda: len(received) >= 2, "the first 2 deliveries")
    pump(connection, 0.5)
    expect_equal(len(received), 2, "deliveries with prefetch 2 and nothing acked")
    channel.basic_ack(received[0].delivery_tag)
    wait_until(connection, lambda: len(received) >= 3, "a delivery after one ack")
    pump(connection, 0.3)
    expect_equal(len(received), 3, "deliveries after one ack")
    channel.basic_ack(received[2].delivery_tag, multiple=True)
    wait_until(connection, lambda: len(received) >= 5, "2 deliveries after acking the rest")
    pump(connection, 0.3)
    expect_equal(len(received), 5, "deliveries after a multiple ack")


@check
def queue_arguments_and_dead_letters(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    dlx, dlq, work, expiring, prioritised = (name(role) for role in ("dlx", "dlq", "work", "expiring", "prioritised"))
    channel.exchange_declare(dlx, exchange_type="direct")
    channel.queue_declare(dlq)
    channel.queue_bind(dlq, dlx, routing_key="dead")
    # pika encodes ints as 'I', and as 'l' when marked with pika.compat.long (or too big for 'I')
    work_arguments = {"x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": "dead",
                      "x-max-length": 2, "x-overflow": "drop-head"}
    channel.queue_declare(work, arguments=work_arguments)
    channel.queue_declare(work, arguments=work_arguments)  # an application's redeclare at start-up
    channel.queue_declare(expiring, arguments={"x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": "dead",
                                               "x-message-ttl": 100, "x-expires": long(60000)})
    channel.queue_declare(prioritised, arguments={"x-max-priority": 5})
    for body in (b"w1", b"w2", b"w3"):
        channel.basic_publish("", work, body)
    method, _, body = channel.basic_get(work)
    expect_equal(body, b"w2", "head after w1 was dropped by x-max-length 2")
    channel.basic_reject(method.delivery_tag, requeue=False)
    channel.basic_publish("", expiring, b"e1")
    dead = []
    channel.basic_consume(dlq, lambda ch, method, properties, body: dead.append((method, properties, body)),
                          auto_ack=True)
    wait_until(connection, lambda: len(dead) >= 3, "3 dead letters")
    expected = [(b"w1", "maxlen", work), (b"w2", "rejected", work), (b"e1", "expired", expiring)]
    for index, ((method, properties, body), (want_body, reason, queue)) in enumerate(zip(dead, expected)):
        what = "dead letter %d" % index
        expect_equal(body, want_body, what + " body")
        expect_equal(method.exchange, dlx, what + " exchange")
        expect_equal(method.routing_key, "dead", what + " routing key")
        headers = properties.headers or {}
        expect_equal(headers.get("x-first-death-reason"), reason, what + " x-first-death-reason")
        expect_equal(headers.get("x-first-death-queue"), queue, what + " x-first-death-queue")
        expect_equal(headers.get("x-first-death-exchange"), "", what + " x-first-death-exchange")
        deaths = headers.get("x-death")
        expect(isinstance(deaths, list) and len(deaths) == 1, "%s: x-death should be a list of one, got %r" % (what, deaths))
        death = deaths[0]
        expect_equal(death.get("reason"), reason, what + " x-death reason")
        expect_equal(death.get("queue"), queue, what + " x-death queue")
        expect_equal(death.get("count"), 1, what + " x-death count")
        expect_equal(death.get("exchange"), "", what + " x-death exchange")
        expect_equal(death.get("routing-keys"), [queue], what + " x-death routing-keys")
        stamp = death.get("time")
        expect(isinstance(stamp, datetime.datetime), "%s: x-death time should be a timestamp, got %r" % (what, stamp))
        expect(abs((stamp - datetime.datetime.utcnow()).total_seconds()) < 300, "%s: x-death time %s is not now" % (what, stamp))
    expect_equal(message_count(channel, work), 1, "left in the length-limited queue")
    for priority in (1, 5, 3, 0):
        channel.basic_publish("", prioritised, b"p%d" % priority, pika.BasicProperties(priority=priority))
    expect_equal(drain(channel, prioritised), [b"p5", b"p3", b"p1", b"p0"], "priority order")
    for queue in (work, expiring, prioritised, dlq):
        channel.queue_delete(queue)
    channel.exchange_delete(dlx)


@check
def mandatory_publish_returned(connection):
    channel = connection.channel()
    returned = []
    channel.add_on_return_callback(lambda ch, method, properties, body: returned.append((method, properties, body)))
    key = name("no-such-binding")
    channel.basic_publish("amq.direct", key, b"come back", pika.BasicProperties(message_id="r-1"), mandatory=True)
    wait_until(connection, lambda: returned, "basic.return")
    method, properties, body = returned[0]
    expect_equal(method.reply_code, 312, "reply code")
    expect_equal(method.reply_text, "NO_ROUTE", "reply text")
    expect_equal(method.exchange, "amq.direct", "exchange")
    expect_equal(method.routing_key, key, "routing key")
    expect_equal(properties.message_id, "r-1", "returned message id")
    expect_equal(body, b"come back", "returned body")
    channel.basic_publish("amq.direct", key, b"not mandatory")
    pump(connection, 0.3)
    expect_equal(len(returned), 1, "returns after a non-mandatory unroutable publish")


@check
def channel_errors_keep_connection(connection):
    channel = connection.channel()
    missing = name("missing")
    expect_channel_error(lambda: channel.queue_declare(missing, passive=True), 404,
                         "passive declare of a missing queue", missing)
    expect(channel.is_closed, "the channel should be closed")
    expect(connection.is_open, "the connection should stay open")

    second = connection.channel()
    queue = second.queue_declare(name("durable"), durable=True).method.queue
    expect_channel_error(lambda: second.queue_declare(queue, durable=False), 406,
                         "redeclaring a durable queue as transient", queue)

    exclusive_holder = connection.channel()
    exclusive_holder.basic_consume(queue, lambda ch, method, properties, body: None, exclusive=True)
    intruder = connection.channel()
    expect_channel_error(lambda: intruder.basic_consume(queue, lambda ch, method, properties, body: None), 403,
                         "a consumer beside an exclusive one", "exclusive use")
    exclusive_holder.close()

    third = connection.channel()
    third.basic_publish(name("no-exchange"), "k", b"x")
    # the next synchronous call meets the channel.close
    expect_channel_error(lambda: third.queue_declare("", exclusive=True), 404, "publishing to a missing exchange")

    fourth = connection.channel()
    fourth.confirm_delivery()
    fourth.basic_publish("", queue, b"still works")
    method, _, body = fourth.basic_get(queue, auto_ack=True)
    expect_equal(body, b"still works", "round trip on a new channel")
    fourth.queue_delete(queue)
    expect(connection.is_open, "the connection should still be open")


@check
def connection_refusals(connection):
    try:
        connect(credentials=pika.PlainCredentials("guest", "wrong-password")).close()
        raise AssertionError("a wrong password was accepted")
    except pika.exceptions.ProbableAuthenticationError as error:
        expect("403" in str(error) and "ACCESS_REFUSED" in str(error), "authentication error %r" % str(error))
    try:
        connect(virtual_host=name("no-such-vhost")).close()
        raise AssertionError("an unknown virtual host was accepted")
    except pika.exceptions.ProbableAccessDeniedError as error:
        expect("530" in str(error) and "NOT_ALLOWED" in str(error), "access error %r" % str(error))
    expect(connection.is_open, "other connections are unaffected")


@check
def many_channels(connection):
    for round_number in range(2):  # the second round reuses the channel numbers of the first
        channels = [connection.channel() for _ in range(100)]
        numbers = {channel.channel_number for channel in channels}
        expect_equal(len(numbers), 100, "distinct channel numbers")
        for channel in channels:
            queue = channel.queue_declare("", exclusive=True).method.queue
            channel.basic_publish("", queue, b"on channel %d" % channel.channel_number)
            method, _, body = channel.basic_get(queue, auto_ack=True)
            expect_equal(body, b"on channel %d" % channel.channel_number, "round trip on a channel")
        for channel in channels:
            channel.close()
        expect(connection.is_open, "the connection after round %d" % round_number)


@check
def large_message(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    queue = channel.queue_declare("", exclusive=True).method.queue
    body = os.urandom(1024 * 1024 + 17)  # spans several body frames at any frame_max
    channel.basic_publish("", queue, body, pika.BasicProperties(message_id="big"))
    received = []
    channel.basic_consume(queue, lambda ch, method, properties, payload: received.append(payload), auto_ack=True)
    wait_until(connection, lambda: received, "the large message")
    expect_equal(len(received[0]), len(body), "large body length")
    expect(received[0] == body, "large body content differs")


@check
def consumer_cancel_notification(connection):
    channel = connection.channel()
    queue = channel.queue_declare(name("cancel-me")).method.queue
    cancelled = []
    channel.add_on_cancel_callback(lambda frame: cancelled.append(frame.method))
    tag = channel.basic_consume(queue, lambda ch, method, properties, body: None)
    other = connection.channel()
    other.queue_delete(queue)
    wait_until(connection, lambda: cancelled, "basic.cancel from the broker")
    expect_equal(cancelled[0].NAME, "Basic.Cancel", "method")
    expect_equal(cancelled[0].consumer_tag, tag, "cancelled consumer tag")
    expect(channel.is_open, "the channel should stay open after a consumer cancel notification")
    expect_equal(channel.consumer_tags, [], "consumer tags left on the channel")


@check
def transactions(connection):
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.tx_select()
    channel.basic_publish("", queue, b"rolled back")
    channel.tx_rollback()
    expect_equal(message_count(channel, queue), 0, "messages after rollback")
    channel.basic_publish("", queue, b"committed")
    channel.tx_commit()
    expect_equal(message_count(channel, queue), 1, "messages after commit")


@check
def heartbeats(connection):
    connection.close()
    beating = connect(heartbeat=1)
    try:
        pump(beating, 3.5)  # would miss several heartbeats if either side did not send them
        expect(beating.is_open, "a connection with 1 s heartbeats should stay open while idle")
        channel = beating.channel()
        queue = channel.queue_declare("", exclusive=True).method.queue
        expect(queue.startswith("amq.gen-"), "the connection should still work")
    finally:
        beating.close()


def main():
    passed = failed = 0
    print("pika %s against %s:%d" % (pika.__version__, HOST, PORT), flush=True)
    for function in CHECKS:
        started = time.monotonic()
        connection = None
        try:
            connection = connect()
            function(connection)
            passed += 1
            print("PASS %s (%.2f s)" % (function.__name__, time.monotonic() - started), flush=True)
        except Exception as error:  # each failure is reported and the next check runs
            failed += 1
            print("FAIL %s: %s: %s" % (function.__name__, type(error).__name__, error), flush=True)
            traceback.print_exc(file=sys.stdout)
        finally:
            if connection is not None and connection.is_open:
                try:
                    connection.close()
                except Exception as error:
                    failed += 1
                    print("FAIL %s: closing the connection: %r" % (function.__name__, error), flush=True)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
