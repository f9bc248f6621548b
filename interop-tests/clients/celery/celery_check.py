#!/usr/bin/env python3
"""Checks that Celery (with kombu's py-amqp transport) works against an AMQP 0-9-1 broker.

Usage: celery_check.py HOST PORT

Starts a real Celery worker (a child process: `python3 -m celery -A celery_check worker`) on the
broker, sends it tasks with the rpc:// result backend, drives it with remote control commands,
and also uses kombu directly. Prints one PASS or FAIL line per check and a closing
"N passed, N failed" line, and exits 1 when any check failed.

The worker imports this module too; it finds the broker in the environment variable
CELERY_CHECK_BROKER_URL, which the checking process sets.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import celery
import kombu
from celery import Celery, chain, group

BROKER_ENV = "CELERY_CHECK_BROKER_URL"
QUEUE_ENV = "CELERY_CHECK_QUEUE"
WAIT_SECONDS = 20

app = Celery("celery_check",
             broker=os.environ.get(BROKER_ENV, "amqp://guest:guest@127.0.0.1:5672//"),
             backend="rpc://")
app.conf.update(
    task_default_queue=os.environ.get(QUEUE_ENV, "celery-check"),
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    broker_connection_retry_on_startup=False,
    broker_connection_max_retries=1,
    broker_connection_timeout=15,  # kombu's 4 s is too short for a busy 2-core machine
    worker_hijack_root_logger=False,
    # a lost worker connection should fail the check, not hang it
    broker_transport_options={"confirm_publish": True},
)


@app.task
def add(x, y):
    return x + y


@app.task
def fail(message):
    raise ValueError(message)


@app.task(bind=True)
def describe(self):
    """What the worker saw of the message that carried this task."""
    return {"task": self.request.task, "id": self.request.id, "routing_key": self.request.delivery_info.get("routing_key"),
            "priority": self.request.delivery_info.get("priority"), "retries": self.request.retries}


@app.task(bind=True, max_retries=2, default_retry_delay=0.2)
def flaky(self, succeed_on):
    if self.request.retries < succeed_on:
        raise self.retry(exc=RuntimeError("try again"))
    return self.request.retries


CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


def expect_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


class Worker:
    """A Celery worker as a child process, its log in a temporary file."""

    def __init__(self, broker_url, queue):
        self.node = "check-%s@%s" % (uuid.uuid4().hex[:6], socket.gethostname())
        self.log = tempfile.NamedTemporaryFile(prefix="celery-check-", suffix=".log", delete=False)
        environment = dict(os.environ, **{BROKER_ENV: broker_url, QUEUE_ENV: queue})
        environment["PYTHONPATH"] = os.path.dirname(os.path.abspath(__file__))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_check", "worker", "--pool=solo",
             "--loglevel=INFO", "--hostname=" + self.node, "--queues=" + queue],
            cwd=os.path.dirname(os.path.abspath(__file__)), env=environment,
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def output(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as log:
            return log.read()

    def stop(self):
        """Warm shutdown (SIGTERM); returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the worker did not stop within %d s of SIGTERM" % WAIT_SECONDS)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.unlink(self.log.name)


@check
def worker_answers_ping(context):
    # remote control: a broadcast on the celery.pidbox fanout exchange, replies on reply.celery.pidbox
    deadline = time.monotonic() + 60
    while True:
        if context["worker"].process.poll() is not None:
            raise AssertionError("the worker exited with status %d" % context["worker"].process.returncode)
        replies = app.control.ping(destination=[context["worker"].node], timeout=1.0)
        if any(context["worker"].node in reply for reply in replies):
            expect_equal(replies[0][context["worker"].node], {"ok": "pong"}, "ping reply")
            return
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not answer a ping within 60 s; replies: %r" % replies)


@check
def task_round_trip(context):
    result = add.delay(2, 3)
    expect_equal(result.get(timeout=WAIT_SECONDS), 5, "add(2, 3)")
    expect_equal(result.status, "SUCCESS", "status")
    seen = describe.apply_async(priority=3).get(timeout=WAIT_SECONDS)
    expect_equal(seen["task"], "celery_check.describe", "task name the worker saw")
    expect_equal(seen["routing_key"], context["queue"], "routing key the worker saw")


@check
def task_failure_propagates(context):
    result = fail.delay("boom")
    try:
        result.get(timeout=WAIT_SECONDS)
        raise AssertionError("a failing task returned a result")
    except ValueError as error:
        expect_equal(str(error), "boom", "exception message")
    expect_equal(result.status, "FAILURE", "status")


@check
def retries(context):
    expect_equal(flaky.delay(2).get(timeout=WAIT_SECONDS), 2, "retries before success")


@check
def group_and_chain(context):
    results = group(add.s(i, i) for i in range(20))().get(timeout=WAIT_SECONDS)
    expect_equal(results, [2 * i for i in range(20)], "group results")
    expect_equal(chain(add.s(1, 2), add.s(3), add.s(4))().get(timeout=WAIT_SECONDS), 10, "chain result")


@check
def countdown(context):
    started = time.monotonic()
    expect_equal(add.apply_async((3, 4), countdown=1).get(timeout=WAIT_SECONDS), 7, "result of a delayed task")
    elapsed = time.monotonic() - started
    if elapsed < 0.9:
        raise AssertionError("a task with countdown=1 ran after %.2f s" % elapsed)


@check
def inspect_active_queues(context):
    replies = app.control.inspect(destination=[context["worker"].node], timeout=2.0).active_queues()
    expect_equal(sorted(replies or {}), [context["worker"].node], "nodes that answered")
    names = [queue["name"] for queue in replies[context["worker"].node]]
    expect_equal(names, [context["queue"]], "queues the worker consumes")


@check
def kombu_simple_queue(context):
    with kombu.Connection(context["url"]) as connection:
        queue = connection.SimpleQueue("kombu-check." + uuid.uuid4().hex[:8],
                                       queue_opts={"auto_delete": True})
        try:
            queue.put({"hello": "world", "n": 1}, headers={"h-int": 7, "h-str": "v"}, priority=4)
            message = queue.get(block=True, timeout=WAIT_SECONDS)
            expect_equal(message.payload, {"hello": "world", "n": 1}, "payload")
            expect_equal(message.headers.get("h-int"), 7, "integer header")
            expect_equal(message.headers.get("h-str"), "v", "string header")
            expect_equal(message.properties.get("priority"), 4, "priority")
            expect_equal(message.content_type, "application/json", "content type")
            message.ack()
            queue.put("requeued")
            first = queue.get(block=True, timeout=WAIT_SECONDS)
            first.requeue()
            again = queue.get(block=True, timeout=WAIT_SECONDS)
            expect_equal(again.payload, "requeued", "payload after requeue")
            expect_equal(again.delivery_info.get("redelivered"), True, "redelivered after requeue")
            again.ack()
            expect_equal(queue.qsize(), 0, "messages left")
        finally:
            queue.close()


@check
def kombu_topic_exchange(context):
    with kombu.Connection(context["url"]) as connection:
        exchange = kombu.Exchange("kombu-check.topic." + uuid.uuid4().hex[:8], type="topic",
                                  auto_delete=True, durable=False)
        received = []
        queue = kombu.Queue("", exchange=exchange, routing_key="orders.*", exclusive=True)
        with connection.Consumer(queue, callbacks=[lambda body, message: (received.append(body), message.ack())]):
            producer = connection.Producer(exchange=exchange)
            producer.publish({"id": 1}, routing_key="orders.created", declare=[exchange])
            producer.publish({"id": 2}, routing_key="invoices.created")
            producer.publish({"id": 3}, routing_key="orders.paid")
            deadline = time.monotonic() + WAIT_SECONDS
            while len(received) < 2 and time.monotonic() < deadline:
                try:
                    connection.drain_events(timeout=0.2)
                except socket.timeout:
                    pass
            expect_equal(received, [{"id": 1}, {"id": 3}], "bodies through orders.*")


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 5672
    url = "amqp://guest:guest@%s:%d//" % (host, port)
    queue = "celery-check." + uuid.uuid4().hex[:8]
    os.environ[BROKER_ENV] = url
    app.conf.broker_url = url
    app.conf.task_default_queue = queue
    print("celery %s, kombu %s against %s:%d" % (celery.__version__,
                                                kombu.__version__, host, port), flush=True)
    worker = Worker(url, queue)
    context = {"url": url, "queue": queue, "worker": worker}
    passed = failed = 0
    try:
        for function in CHECKS:
            started = time.monotonic()
            try:
                function(context)
                passed += 1
                print("PASS %s (%.2f s)" % (function.__name__, time.monotonic() - started), flush=True)
            except Exception as error:
                failed += 1
                print("FAIL %s: %s: %s" % (function.__name__, type(error).__name__, error), flush=True)
                traceback.print_exc(file=sys.stdout)
        started = time.monotonic()
        status = worker.stop()
        if status == 0:
            passed += 1
            print("PASS worker_warm_shutdown (%.2f s)" % (time.monotonic() - started), flush=True)
        else:
            failed += 1
            print("FAIL worker_warm_shutdown: exit status %d" % status, flush=True)
        if failed or os.environ.get("CELERY_CHECK_SHOW_LOG"):
            print("--- worker log ---\n%s--- end of worker log ---" % worker.output(), flush=True)
    finally:
        worker.close()
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
