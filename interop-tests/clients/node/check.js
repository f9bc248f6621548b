#!/usr/bin/env node
// Checks that the Node amqplib client (promise API) works against an AMQP 0-9-1 broker.
//
// Usage: node check.js HOST PORT
//
// Connects as guest/guest to vhost "/", runs every check on connections of its own, prints one
// PASS or FAIL line per check and a closing "N passed, N failed" line, and exits 1 when any check
// failed. Every check asserts what RabbitMQ does; run it against RabbitMQ to check a check.
// amqplib has no transactions (tx.select), so there is no transaction check here.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const amqp = require('amqplib');

const HOST = process.argv[2] || '127.0.0.1';
const PORT = Number(process.argv[3] || 5672);
const PREFIX = `amqplib-check.${crypto.randomBytes(4).toString('hex')}.`;
const WAIT_MILLIS = 10000;

const checks = [];
function check(name, body) {
  checks.push({ name, body });
}

function name(role) {
  return PREFIX + role;
}

function connect(options = {}) {
  return amqp.connect({
    protocol: 'amqp',
    hostname: HOST,
    port: PORT,
    username: 'guest',
    password: 'guest',
    vhost: '/',
    ...options,
  });
}

const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

/** Resolves once condition() holds; rejects after the deadline. */
async function waitUntil(condition, what, millis = WAIT_MILLIS) {
  const deadline = Date.now() + millis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${millis} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Rejects unless the promise rejects with a channel error of the given reply code. */
async function expectChannelError(promise, code, what) {
  let error = null;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `${what}: expected a channel error ${code}, but the call succeeded`);
  assert.equal(error.code, code, `${what}: reply code (${error.message})`);
  return error;
}

/** Every body left in the queue, by basic.get with no-ack until the queue is empty. */
async function drain(channel, queue) {
  const bodies = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (message === false) return bodies;
    bodies.push(message.content.toString());
  }
}

check('exchange_types_and_bindings', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const exchanges = {};
  for (const kind of ['direct', 'topic', 'fanout', 'headers']) {
    exchanges[kind] = name(`x.${kind}`);
    await channel.assertExchange(exchanges[kind], kind, { durable: false });
    await channel.checkExchange(exchanges[kind]);
  }
  const queues = {};
  for (const role of ['direct', 'topic', 'fan1', 'fan2', 'all', 'any', 'e2e']) {
    queues[role] = name(`q.${role}`);
    const ok = await channel.assertQueue(queues[role], { durable: false });
    assert.equal(ok.queue, queues[role], 'declared queue name');
    assert.equal(ok.messageCount, 0, 'message count of a new queue');
    assert.equal(ok.consumerCount, 0, 'consumer count of a new queue');
  }
  await channel.bindQueue(queues.direct, exchanges.direct, 'red');
  await channel.bindQueue(queues.topic, exchanges.topic, 'a.*.c');
  await channel.bindQueue(queues.topic, exchanges.topic, 'x.#');
  await channel.bindQueue(queues.fan1, exchanges.fanout, '');
  await channel.bindQueue(queues.fan2, exchanges.fanout, 'ignored');
  await channel.bindQueue(queues.all, exchanges.headers, '', { 'x-match': 'all', format: 'pdf', type: 'report' });
  await channel.bindQueue(queues.any, exchanges.headers, '', { 'x-match': 'any', format: 'pdf', type: 'report' });
  const inner = name('x.inner');
  await channel.assertExchange(inner, 'direct', { durable: false });
  await channel.bindExchange(inner, exchanges.fanout, '');
  await channel.bindQueue(queues.e2e, inner, '');

  channel.publish(exchanges.direct, 'red', Buffer.from('d-red'));
  channel.publish(exchanges.direct, 'blue', Buffer.from('d-blue'));
  for (const key of ['a.b.c', 'a.b.b.c', 'x', 'x.y.z', 'a.c']) channel.publish(exchanges.topic, key, Buffer.from(key));
  channel.publish(exchanges.fanout, '', Buffer.from('f'));
  channel.publish(exchanges.headers, '', Buffer.from('both'), { headers: { format: 'pdf', type: 'report' } });
  channel.publish(exchanges.headers, '', Buffer.from('one'), { headers: { format: 'pdf', type: 'log' } });
  channel.publish(exchanges.headers, '', Buffer.from('none'), { headers: { format: 'zip' } });
  await channel.waitForConfirms();

  assert.deepEqual(await drain(channel, queues.direct), ['d-red'], 'direct queue');
  assert.deepEqual(await drain(channel, queues.topic), ['a.b.c', 'x', 'x.y.z'], 'topic queue');
  assert.deepEqual(await drain(channel, queues.fan1), ['f'], 'fanout queue 1');
  assert.deepEqual(await drain(channel, queues.fan2), ['f'], 'fanout queue 2');
  assert.deepEqual(await drain(channel, queues.e2e), ['f'], 'queue behind an exchange-to-exchange binding');
  assert.deepEqual(await drain(channel, queues.all), ['both'], 'headers x-match all queue');
  assert.deepEqual(await drain(channel, queues.any), ['both', 'one'], 'headers x-match any queue');

  await channel.unbindQueue(queues.direct, exchanges.direct, 'red');
  await channel.unbindExchange(inner, exchanges.fanout, '');
  channel.publish(exchanges.direct, 'red', Buffer.from('after unbind'));
  channel.publish(exchanges.fanout, '', Buffer.from('after exchange unbind'));
  await channel.waitForConfirms();
  assert.equal((await channel.checkQueue(queues.direct)).messageCount, 0, 'messages routed after unbind');
  assert.equal((await channel.checkQueue(queues.e2e)).messageCount, 0, 'messages routed after exchange unbind');
  assert.equal((await channel.checkQueue(queues.fan1)).messageCount, 1, 'fanout queue after exchange unbind');

  // names are shortstr: UTF-8 on the wire, up to 255 bytes
  const unicodeExchange = name('x.\u00fcnic\u00f6de.\u2713');
  const unicodeQueue = name('q.caf\u00e9.\u65e5\u672c');
  await channel.assertExchange(unicodeExchange, 'topic', { durable: false });
  await channel.assertQueue(unicodeQueue, { durable: false });
  await channel.bindQueue(unicodeQueue, unicodeExchange, 'k.\u00e9t\u00e9.*');
  channel.publish(unicodeExchange, 'k.\u00e9t\u00e9.\u2713', Buffer.from('unicode'));
  await channel.waitForConfirms();
  const unicodeMessage = await channel.get(unicodeQueue, { noAck: true });
  assert.equal(unicodeMessage && unicodeMessage.content.toString(), 'unicode', 'body through UTF-8 names');
  assert.equal(unicodeMessage.fields.exchange, unicodeExchange, 'UTF-8 exchange of the delivery');
  assert.equal(unicodeMessage.fields.routingKey, 'k.\u00e9t\u00e9.\u2713', 'UTF-8 routing key of the delivery');
  await channel.deleteQueue(unicodeQueue);
  await channel.deleteExchange(unicodeExchange);

  channel.sendToQueue(queues.direct, Buffer.from('default exchange'));
  await channel.waitForConfirms();
  assert.equal((await channel.purgeQueue(queues.direct)).messageCount, 1, 'purged count');
  channel.sendToQueue(queues.direct, Buffer.from('left'));
  await channel.waitForConfirms();
  assert.equal((await channel.deleteQueue(queues.direct)).messageCount, 1, "deleted queue's count");
  for (const role of Object.keys(queues)) if (role !== 'direct') await channel.deleteQueue(queues[role]);
  await channel.deleteExchange(inner);
  for (const exchange of Object.values(exchanges)) await channel.deleteExchange(exchange);
});

check('server_named_exclusive_queue', async (connection) => {
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  assert.match(queue, /^amq\.gen-/, 'server-named queue');
  const other = await connect();
  try {
    const otherChannel = await other.createChannel();
    otherChannel.on('error', () => {});
    const error = await expectChannelError(otherChannel.checkQueue(queue), 405, "another connection's exclusive queue");
    assert.match(error.message, /RESOURCE_LOCKED/, 'reply text');
  } finally {
    await other.close();
  }
  await connection.close();
  const after = await connect();
  try {
    const afterChannel = await after.createChannel();
    afterChannel.on('error', () => {});
    await expectChannelError(afterChannel.checkQueue(queue), 404, 'the exclusive queue after its connection closed');
  } finally {
    await after.close();
  }
});

check('properties_and_header_types', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  const headers = {
    string: 'h\u00e9llo \u2713',
    byte: -5, // amqplib picks the smallest signed type: b
    short: 1000, // s
    int: 100000, // I
    long: 2 ** 40, // l
    double: 2.5, // d
    float: { '!': 'float', value: 1.5 },
    unsignedByte: { '!': 'uint8', value: 200 },
    unsignedShort: { '!': 'uint16', value: 60000 },
    unsignedInt: { '!': 'uint32', value: 4000000000 },
    true: true,
    false: false,
    bytes: Buffer.from([0, 1, 254, 255]),
    decimal: { '!': 'decimal', value: { places: 2, digits: 314 } },
    timestamp: { '!': 'timestamp', value: 1700000000 },
    table: { nested: 'yes', depth: { n: 2 } },
    array: [1, 'two', true, { k: 'v' }, [3]],
    void: null,
  };
  // what amqplib decodes each of them to
  const expected = {
    ...headers,
    float: 1.5,
    unsignedByte: 200,
    unsignedShort: 60000,
    unsignedInt: 4000000000,
  };
  const sent = {
    contentType: 'application/json',
    contentEncoding: 'utf-8',
    headers,
    deliveryMode: 2,
    priority: 5,
    correlationId: 'corr-1',
    replyTo: 'reply-here',
    expiration: '60000',
    messageId: 'msg-1',
    timestamp: 1700000000,
    type: 'check.type',
    userId: 'guest',
    appId: 'amqplib-check',
  };
  const body = Buffer.from('{"text": "h\u00e9llo"}');
  channel.sendToQueue(queue, body, sent);
  channel.sendToQueue(queue, Buffer.alloc(0));
  await channel.waitForConfirms();
  const received = [];
  const { consumerTag } = await channel.consume(queue, (message) => {
    received.push(message);
    channel.ack(message);
  });
  await waitUntil(() => received.length === 2, '2 deliveries');
  const [message, empty] = received;
  assert.deepEqual(message.content, body, 'body');
  assert.equal(message.fields.consumerTag, consumerTag, 'consumer tag');
  assert.equal(message.fields.exchange, '', 'exchange');
  assert.equal(message.fields.routingKey, queue, 'routing key');
  assert.equal(message.fields.redelivered, false, 'redelivered');
  for (const field of Object.keys(sent)) {
    if (field !== 'headers') assert.deepEqual(message.properties[field], sent[field], `property ${field}`);
  }
  assert.deepEqual(Object.keys(message.properties.headers).sort(), Object.keys(expected).sort(), 'header names');
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(message.properties.headers[key], value, `header ${key}`);
  }
  assert.equal(empty.content.length, 0, 'empty body');
  // amqplib always sends a headers table, empty here; it comes back as it went
  assert.deepEqual(empty.properties.headers, {}, 'headers of a message sent without any');
  assert.equal(empty.properties.contentType, undefined, 'content type of a message sent without one');
  await channel.cancel(consumerTag);
});

check('publisher_confirms', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue(name('confirms'), { durable: true });
  const acked = [];
  for (let i = 0; i < 500; i++) {
    channel.sendToQueue(queue, Buffer.from(`confirmed ${i}`), { persistent: i % 2 === 0 }, (error) => {
      acked.push(error === null || error === undefined);
    });
  }
  await channel.waitForConfirms();
  assert.equal(acked.length, 500, 'confirm callbacks');
  assert.ok(acked.every(Boolean), 'every publish acked');
  assert.equal((await channel.checkQueue(queue)).messageCount, 500, 'messages after 500 confirmed publishes');
  // an unroutable publish is confirmed too (after its basic.return when mandatory)
  const returned = [];
  channel.on('return', (message) => returned.push(message));
  let confirmed = false;
  channel.publish('amq.direct', name('nowhere'), Buffer.from('unroutable'), { mandatory: true }, () => {
    confirmed = true;
  });
  await channel.waitForConfirms();
  assert.ok(confirmed, 'an unroutable mandatory publish is confirmed');
  assert.equal(returned.length, 1, 'basic.return before the confirm');
  assert.equal((await channel.deleteQueue(queue)).messageCount, 500, "deleted queue's count");
});

check('basic_get', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  assert.equal(await channel.get(queue), false, 'basic.get on an empty queue');
  for (let i = 0; i < 3; i++) channel.sendToQueue(queue, Buffer.from(`g${i}`), { messageId: String(i) });
  await channel.waitForConfirms();
  let message = await channel.get(queue, { noAck: false });
  assert.equal(message.content.toString(), 'g0', 'first body');
  assert.equal(message.fields.messageCount, 2, 'message count after the first get');
  assert.equal(message.fields.redelivered, false, 'redelivered on first get');
  assert.equal(message.properties.messageId, '0', 'message id');
  channel.nack(message, false, true);
  message = await channel.get(queue, { noAck: false });
  assert.equal(message.content.toString(), 'g0', 'body after nack with requeue (requeued to the head)');
  assert.equal(message.fields.redelivered, true, 'redelivered after requeue');
  channel.ack(message);
  message = await channel.get(queue, { noAck: true });
  assert.equal(message.content.toString(), 'g1', 'second get');
  assert.equal(message.fields.messageCount, 1, 'count on the second get');
  assert.equal((await channel.checkQueue(queue)).messageCount, 1, 'messages left');
});

check('ack_nack_reject', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue(name('acks'));
  for (const body of ['ack-me', 'requeue-me', 'reject-me']) channel.sendToQueue(queue, Buffer.from(body));
  await channel.waitForConfirms();
  const received = [];
  const { consumerTag } = await channel.consume(queue, (message) => received.push(message));
  await waitUntil(() => received.length === 3, '3 deliveries');
  const byBody = Object.fromEntries(received.map((m) => [m.content.toString(), m]));
  assert.deepEqual(Object.keys(byBody).sort(), ['ack-me', 'reject-me', 'requeue-me'], 'bodies');
  assert.ok(received.every((m) => !m.fields.redelivered), 'first deliveries are not redelivered');
  channel.ack(byBody['ack-me']);
  channel.reject(byBody['reject-me'], false);
  channel.nack(byBody['requeue-me'], false, true);
  await waitUntil(() => received.length === 4, 'the requeued message');
  assert.equal(received[3].content.toString(), 'requeue-me', 'redelivered body');
  assert.equal(received[3].fields.redelivered, true, 'redelivered flag');
  for (const body of ['m1', 'm2', 'm3']) channel.sendToQueue(queue, Buffer.from(body));
  await channel.waitForConfirms();
  await waitUntil(() => received.length === 7, '3 more deliveries');
  channel.nack(received[5], true, false); // nack multiple without requeue: 4 and 5
  channel.ack(received[6], true); // ack multiple: the rest
  await channel.cancel(consumerTag);
  await channel.close();
  const checker = await connection.createChannel();
  assert.equal((await checker.checkQueue(queue)).messageCount, 0, 'messages left after ack, reject and nack');
  await checker.deleteQueue(queue);
});

check('prefetch', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  for (let i = 0; i < 6; i++) channel.sendToQueue(queue, Buffer.from(`p${i}`));
  await channel.waitForConfirms();
  await channel.prefetch(2);
  const received = [];
  await channel.consume(queue, (message) => received.push(message));
  await waitUntil(() => received.length >= 2, 'the first 2 deliveries');
  await sleep(500);
  assert.equal(received.length, 2, 'deliveries with prefetch 2 and nothing acked');
  channel.ack(received[0]);
  await waitUntil(() => received.length >= 3, 'a delivery after one ack');
  await sleep(300);
  assert.equal(received.length, 3, 'deliveries after one ack');
  channel.ack(received[2], true);
  await waitUntil(() => received.length >= 5, '2 deliveries after acking the rest');
  await sleep(300);
  assert.equal(received.length, 5, 'deliveries after a multiple ack');
});

check('queue_arguments_and_dead_letters', async (connection) => {
  // amqplib's own option names; it encodes small numbers as the smallest signed type (b, s)
  const channel = await connection.createConfirmChannel();
  const dlx = name('dlx');
  const dlq = name('dlq');
  const work = name('work');
  const expiring = name('expiring');
  const prioritised = name('prioritised');
  await channel.assertExchange(dlx, 'direct', { durable: false });
  await channel.assertQueue(dlq);
  await channel.bindQueue(dlq, dlx, 'dead');
  const workOptions = { deadLetterExchange: dlx, deadLetterRoutingKey: 'dead', maxLength: 2, arguments: { 'x-overflow': 'drop-head' } };
  await channel.assertQueue(work, workOptions);
  await channel.assertQueue(work, workOptions); // an application's redeclare at start-up
  for (const body of ['w1', 'w2', 'w3']) channel.sendToQueue(work, Buffer.from(body));
  await channel.waitForConfirms();
  const head = await channel.get(work);
  assert.equal(head && head.content.toString(), 'w2', 'head after w1 was dropped by x-max-length 2');
  channel.reject(head, false);
  await channel.assertQueue(expiring, { deadLetterExchange: dlx, deadLetterRoutingKey: 'dead', messageTtl: 100, expires: 60000 });
  channel.sendToQueue(expiring, Buffer.from('e1'));
  await channel.waitForConfirms();
  const dead = [];
  await channel.consume(dlq, (message) => dead.push(message), { noAck: true });
  await waitUntil(() => dead.length >= 3, '3 dead letters');
  assert.deepEqual(dead.map((m) => m.content.toString()), ['w1', 'w2', 'e1'], 'dead letters in order');
  const expectedDeaths = [
    ['maxlen', work],
    ['rejected', work],
    ['expired', expiring],
  ];
  dead.forEach((message, i) => {
    const [reason, queue] = expectedDeaths[i];
    const headers = message.properties.headers;
    assert.equal(message.fields.exchange, dlx, `exchange of dead letter ${i}`);
    assert.equal(message.fields.routingKey, 'dead', `routing key of dead letter ${i}`);
    assert.equal(headers['x-first-death-reason'], reason, `x-first-death-reason of dead letter ${i}`);
    assert.equal(headers['x-first-death-queue'], queue, `x-first-death-queue of dead letter ${i}`);
    assert.equal(headers['x-first-death-exchange'], '', `x-first-death-exchange of dead letter ${i}`);
    const deaths = headers['x-death'];
    assert.ok(Array.isArray(deaths) && deaths.length === 1, `x-death of dead letter ${i}: ${JSON.stringify(deaths)}`);
    const [death] = deaths;
    assert.equal(death.reason, reason, `x-death reason of dead letter ${i}`);
    assert.equal(death.queue, queue, `x-death queue of dead letter ${i}`);
    assert.equal(death.count, 1, `x-death count of dead letter ${i}`);
    assert.equal(death.exchange, '', `x-death exchange of dead letter ${i}`);
    assert.deepEqual(death['routing-keys'], [queue], `x-death routing-keys of dead letter ${i}`);
    assert.equal(death.time && death.time['!'], 'timestamp', `x-death time of dead letter ${i} is a timestamp`);
    assert.ok(Math.abs(death.time.value - Date.now() / 1000) < 300, `x-death time of dead letter ${i} is now`);
  });
  assert.equal((await channel.checkQueue(work)).messageCount, 1, 'left in the length-limited queue');

  await channel.assertQueue(prioritised, { maxPriority: 5 });
  for (const priority of [1, 5, 3, 0]) channel.sendToQueue(prioritised, Buffer.from(`p${priority}`), { priority });
  await channel.waitForConfirms();
  assert.deepEqual(await drain(channel, prioritised), ['p5', 'p3', 'p1', 'p0'], 'priority order');
  for (const queue of [work, expiring, prioritised, dlq]) await channel.deleteQueue(queue);
  await channel.deleteExchange(dlx);
});

check('mandatory_publish_returned', async (connection) => {
  const channel = await connection.createChannel();
  const returned = [];
  channel.on('return', (message) => returned.push(message));
  const key = name('no-such-binding');
  channel.publish('amq.direct', key, Buffer.from('come back'), { mandatory: true, messageId: 'r-1' });
  await waitUntil(() => returned.length > 0, 'basic.return');
  const [message] = returned;
  assert.equal(message.fields.replyCode, 312, 'reply code');
  assert.equal(message.fields.replyText, 'NO_ROUTE', 'reply text');
  assert.equal(message.fields.exchange, 'amq.direct', 'exchange');
  assert.equal(message.fields.routingKey, key, 'routing key');
  assert.equal(message.properties.messageId, 'r-1', 'returned message id');
  assert.equal(message.content.toString(), 'come back', 'returned body');
  channel.publish('amq.direct', key, Buffer.from('not mandatory'));
  await sleep(300);
  assert.equal(returned.length, 1, 'returns after a non-mandatory unroutable publish');
});

check('channel_errors_keep_connection', async (connection) => {
  const channelErrors = [];
  const channel = await connection.createChannel();
  channel.on('error', (error) => channelErrors.push(error));
  let closed = false;
  channel.on('close', () => {
    closed = true;
  });
  const missing = name('missing');
  const error = await expectChannelError(channel.checkQueue(missing), 404, 'passive declare of a missing queue');
  assert.match(error.message, /NOT_FOUND/, 'reply text');
  assert.ok(error.message.includes(missing), `reply text should name the queue: ${error.message}`);
  await waitUntil(() => closed, "the channel's close event");
  assert.equal(channelErrors.length, 1, 'error events on the channel');
  assert.equal(channelErrors[0].code, 404, 'error event code');

  const second = await connection.createChannel();
  second.on('error', () => {});
  const { queue } = await second.assertQueue(name('durable'), { durable: true });
  const inequivalent = await expectChannelError(second.assertQueue(queue, { durable: false }), 406, 'inequivalent redeclare');
  assert.match(inequivalent.message, /PRECONDITION_FAILED/, 'reply text');

  const holder = await connection.createChannel();
  await holder.consume(queue, () => {}, { exclusive: true });
  const intruder = await connection.createChannel();
  intruder.on('error', () => {});
  const refused = await expectChannelError(intruder.consume(queue, () => {}), 403, 'a consumer beside an exclusive one');
  assert.match(refused.message, /ACCESS_REFUSED/, 'reply text');
  await holder.close();

  const third = await connection.createChannel();
  const thirdErrors = [];
  third.on('error', (e) => thirdErrors.push(e));
  third.publish(name('no-exchange'), 'k', Buffer.from('x'));
  await waitUntil(() => thirdErrors.length > 0, 'the channel error for a missing exchange');
  assert.equal(thirdErrors[0].code, 404, 'reply code for a missing exchange');

  const fourth = await connection.createConfirmChannel();
  fourth.sendToQueue(queue, Buffer.from('still works'));
  await fourth.waitForConfirms();
  const message = await fourth.get(queue, { noAck: true });
  assert.equal(message && message.content.toString(), 'still works', 'round trip on a new channel');
  await fourth.deleteQueue(queue);
});

check('connection_refusals', async (connection) => {
  await assert.rejects(connect({ password: 'wrong-password' }), /403 \(ACCESS-REFUSED\)/, 'a wrong password');
  // amqplib reports a refused connection.open only as an unexpected connection.close
  await assert.rejects(connect({ vhost: name('no-such-vhost') }), /ConnectionClose/, 'an unknown virtual host');
  const channel = await connection.createChannel();
  await channel.checkExchange('amq.direct'); // other connections are unaffected
});

check('many_channels', async (connection) => {
  for (let round = 0; round < 2; round++) {
    // the second round reuses the channel numbers of the first
    const channels = await Promise.all(Array.from({ length: 100 }, () => connection.createConfirmChannel()));
    assert.equal(new Set(channels.map((c) => c.ch)).size, 100, 'distinct channel numbers');
    await Promise.all(
      channels.map(async (channel) => {
        const { queue } = await channel.assertQueue('', { exclusive: true });
        channel.sendToQueue(queue, Buffer.from(`on channel ${channel.ch}`));
        await channel.waitForConfirms();
        const message = await channel.get(queue, { noAck: true });
        assert.equal(message && message.content.toString(), `on channel ${channel.ch}`, 'round trip on a channel');
      }),
    );
    await Promise.all(channels.map((channel) => channel.close()));
  }
});

check('large_message', async (connection) => {
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  const body = crypto.randomBytes(1024 * 1024 + 17); // spans several body frames at any frame_max
  channel.sendToQueue(queue, body, { messageId: 'big' });
  await channel.waitForConfirms();
  const received = [];
  await channel.consume(queue, (message) => received.push(message), { noAck: true });
  await waitUntil(() => received.length > 0, 'the large message');
  assert.equal(received[0].content.length, body.length, 'large body length');
  assert.ok(received[0].content.equals(body), 'large body content differs');
  assert.equal(received[0].properties.messageId, 'big', 'message id');
});

check('consumer_cancel_notification', async (connection) => {
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue(name('cancel-me'));
  const calls = [];
  await channel.consume(queue, (message) => calls.push(message));
  const other = await connection.createChannel();
  await other.deleteQueue(queue);
  // amqplib calls the consumer with null when the broker cancels it
  await waitUntil(() => calls.length > 0, 'the null message of a broker-side cancel');
  assert.equal(calls[0], null, 'consumer callback argument on cancel');
  // the channel is still usable
  const ok = await channel.assertQueue('', { exclusive: true });
  assert.match(ok.queue, /^amq\.gen-/, 'a declare on the same channel after the cancel');
});

check('heartbeats', async (connection) => {
  await connection.close();
  const beating = await connect({ heartbeat: 1 });
  try {
    let failure = null;
    beating.on('error', (error) => {
      failure = error;
    });
    await sleep(3500); // would miss several heartbeats if either side did not send them
    assert.equal(failure, null, 'connection error while idle with 1 s heartbeats');
    const channel = await beating.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    assert.match(queue, /^amq\.gen-/, 'the connection should still work');
  } finally {
    await beating.close();
  }
});

async function main() {
  const version = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'node_modules', 'amqplib', 'package.json'), 'utf8')).version;
  console.log(`amqplib ${version} on node ${process.version} against ${HOST}:${PORT}`);
  let passed = 0;
  let failed = 0;
  for (const { name: checkName, body } of checks) {
    const started = Date.now();
    let connection = null;
    let closed = false;
    try {
      connection = await connect();
      connection.on('error', () => {});
      connection.on('close', () => {
        closed = true;
      });
      await body(connection);
      passed++;
      console.log(`PASS ${checkName} (${((Date.now() - started) / 1000).toFixed(2)} s)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${checkName}: ${error && error.stack ? error.stack : error}`);
    } finally {
      if (connection !== null && !closed) {
        try {
          await connection.close();
        } catch (error) {
          if (!closed) {
            failed++;
            console.log(`FAIL ${checkName}: closing the connection: ${error}`);
          }
        }
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.log(`FAIL: ${error && error.stack}`);
    process.exit(1);
  },
);
