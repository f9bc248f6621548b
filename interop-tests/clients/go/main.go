// Command amqp091check checks that the Go amqp091-go client works against an AMQP 0-9-1 broker.
//
// Usage: amqp091check HOST PORT
//
// It connects as guest/guest to vhost "/", runs every check on connections of its own, prints one
// PASS or FAIL line per check and a closing "N passed, N failed" line, and exits 1 when any check
// failed. Every check asserts what RabbitMQ does; run it against RabbitMQ to check a check.
//
// Build it offline against Debian's golang-github-rabbitmq-amqp091-go-dev in GOPATH mode:
// GO111MODULE=off GOPATH=/usr/share/gocode go build -o amqp091check main.go
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

const wait = 10 * time.Second

var (
	host   = "127.0.0.1"
	port   = "5672"
	prefix string
)

type check struct {
	name string
	run  func(conn *amqp.Connection) error
}

func name(role string) string { return prefix + role }

func connect(config amqp.Config) (*amqp.Connection, error) {
	url := fmt.Sprintf("amqp://guest:guest@%s:%s/", host, port)
	if config.Dial == nil {
		config.Dial = amqp.DefaultDial(wait)
	}
	return amqp.DialConfig(url, config)
}

func expectEqual(actual, expected interface{}, what string) error {
	if !reflect.DeepEqual(actual, expected) {
		return fmt.Errorf("%s: expected %#v, got %#v", what, expected, actual)
	}
	return nil
}

// firstError returns the first non-nil error, so a row of comparisons reads as one statement.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// replyNames are the reply texts' first words, RabbitMQ's constant names for the codes.
var replyNames = map[int]string{
	amqp.AccessRefused: "ACCESS_REFUSED", amqp.NotFound: "NOT_FOUND",
	amqp.ResourceLocked: "RESOURCE_LOCKED", amqp.PreconditionFailed: "PRECONDITION_FAILED",
}

// expectAmqpError checks that err is a broker error with the given reply code, whose reply text
// starts with the code's name and contains each of the given words.
func expectAmqpError(err error, code int, what string, words ...string) error {
	if err == nil {
		return fmt.Errorf("%s: expected a channel error %d, but the call succeeded", what, code)
	}
	var amqpErr *amqp.Error
	if !errors.As(err, &amqpErr) {
		return fmt.Errorf("%s: expected an *amqp.Error, got %T: %v", what, err, err)
	}
	if amqpErr.Code != code {
		return fmt.Errorf("%s: expected reply code %d, got %d (%s)", what, code, amqpErr.Code, amqpErr.Reason)
	}
	if !amqpErr.Server {
		return fmt.Errorf("%s: the error should come from the server: %v", what, amqpErr)
	}
	for _, word := range append([]string{replyNames[code]}, words...) {
		if !strings.Contains(amqpErr.Reason, word) {
			return fmt.Errorf("%s: reply text %q should contain %q", what, amqpErr.Reason, word)
		}
	}
	return nil
}

func receive(deliveries <-chan amqp.Delivery, what string) (amqp.Delivery, error) {
	select {
	case d, ok := <-deliveries:
		if !ok {
			return d, fmt.Errorf("%s: the delivery channel closed", what)
		}
		return d, nil
	case <-time.After(wait):
		return amqp.Delivery{}, fmt.Errorf("timed out after %s waiting for %s", wait, what)
	}
}

// expectNothing fails when a delivery arrives within the given time.
func expectNothing(deliveries <-chan amqp.Delivery, within time.Duration, what string) error {
	select {
	case d := <-deliveries:
		return fmt.Errorf("%s: unexpected delivery %q", what, d.Body)
	case <-time.After(within):
		return nil
	}
}

func publish(ch *amqp.Channel, exchange, key string, msg amqp.Publishing) error {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	return ch.PublishWithContext(ctx, exchange, key, false, false, msg)
}

// confirmListeners holds the NotifyPublish listener of each channel that confirmChannel put in
// confirm mode. (amqp091-go 1.5's deferred confirmations are registered after the publish is
// sent, so a fast broker's ack can come first and the deferred confirmation never resolves; the
// listener has no such race.) The checks run on one goroutine, so a plain map does.
var confirmListeners = map[*amqp.Channel]chan amqp.Confirmation{}

// publishConfirmed publishes on a channel from confirmChannel and waits for the broker's ack.
func publishConfirmed(ch *amqp.Channel, exchange, key string, mandatory bool, msg amqp.Publishing) error {
	confirms, ok := confirmListeners[ch]
	if !ok {
		return fmt.Errorf("publishConfirmed needs a channel from confirmChannel")
	}
	tag := ch.GetNextPublishSeqNo()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := ch.PublishWithContext(ctx, exchange, key, mandatory, false, msg); err != nil {
		return err
	}
	select {
	case c, open := <-confirms:
		if !open {
			return fmt.Errorf("the channel closed before the confirm of a publish to %q/%q", exchange, key)
		}
		if c.DeliveryTag != tag {
			return fmt.Errorf("expected the confirm of publish %d, got one for %d", tag, c.DeliveryTag)
		}
		if !c.Ack {
			return fmt.Errorf("publish %d to %q/%q was nacked", tag, exchange, key)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("no confirm within %s for a publish to %q/%q", wait, exchange, key)
	}
}

func drain(ch *amqp.Channel, queue string) ([]string, error) {
	var bodies []string
	for {
		d, ok, err := ch.Get(queue, true)
		if err != nil {
			return bodies, err
		}
		if !ok {
			return bodies, nil
		}
		bodies = append(bodies, string(d.Body))
	}
}

func messageCount(ch *amqp.Channel, queue string) (int, error) {
	q, err := ch.QueueDeclarePassive(queue, false, false, false, false, nil)
	return q.Messages, err
}

func confirmChannel(conn *amqp.Connection) (*amqp.Channel, error) {
	ch, err := conn.Channel()
	if err != nil {
		return nil, err
	}
	if err := ch.Confirm(false); err != nil {
		return nil, err
	}
	confirmListeners[ch] = ch.NotifyPublish(make(chan amqp.Confirmation, 1))
	return ch, nil
}

// exclusiveQueue opens a channel (in confirm mode when asked) and declares a server-named
// exclusive queue on it.
func exclusiveQueue(conn *amqp.Connection, confirming bool) (*amqp.Channel, amqp.Queue, error) {
	var ch *amqp.Channel
	var err error
	if confirming {
		ch, err = confirmChannel(conn)
	} else {
		ch, err = conn.Channel()
	}
	if err != nil {
		return nil, amqp.Queue{}, err
	}
	q, err := ch.QueueDeclare("", false, false, true, false, nil)
	return ch, q, err
}

func exchangeTypesAndBindings(conn *amqp.Connection) error {
	ch, err := confirmChannel(conn)
	if err != nil {
		return err
	}
	kinds := []string{"direct", "topic", "fanout", "headers"}
	exchanges := map[string]string{}
	for _, kind := range kinds {
		exchanges[kind] = name("x." + kind)
		if err := ch.ExchangeDeclare(exchanges[kind], kind, false, false, false, false, nil); err != nil {
			return err
		}
		if err := ch.ExchangeDeclarePassive(exchanges[kind], kind, false, false, false, false, nil); err != nil {
			return err
		}
	}
	queues := map[string]string{}
	for _, role := range []string{"direct", "topic", "fan1", "fan2", "all", "any", "e2e"} {
		queues[role] = name("q." + role)
		q, err := ch.QueueDeclare(queues[role], false, false, false, false, nil)
		if err != nil {
			return err
		}
		if err := firstError(expectEqual(q.Name, queues[role], "declared queue name"),
			expectEqual(q.Messages, 0, "message count of a new queue")); err != nil {
			return err
		}
	}
	inner := name("x.inner")
	steps := []error{
		ch.QueueBind(queues["direct"], "red", exchanges["direct"], false, nil),
		ch.QueueBind(queues["topic"], "a.*.c", exchanges["topic"], false, nil),
		ch.QueueBind(queues["topic"], "x.#", exchanges["topic"], false, nil),
		ch.QueueBind(queues["fan1"], "", exchanges["fanout"], false, nil),
		ch.QueueBind(queues["fan2"], "ignored", exchanges["fanout"], false, nil),
		ch.QueueBind(queues["all"], "", exchanges["headers"], false, amqp.Table{"x-match": "all", "format": "pdf", "type": "report"}),
		ch.QueueBind(queues["any"], "", exchanges["headers"], false, amqp.Table{"x-match": "any", "format": "pdf", "type": "report"}),
		ch.ExchangeDeclare(inner, "direct", false, false, false, false, nil),
		ch.ExchangeBind(inner, "", exchanges["fanout"], false, nil),
		ch.QueueBind(queues["e2e"], "", inner, false, nil),
	}
	if err := firstError(steps...); err != nil {
		return err
	}
	type pub struct {
		exchange, key, body string
		headers             amqp.Table
	}
	pubs := []pub{
		{exchanges["direct"], "red", "d-red", nil},
		{exchanges["direct"], "blue", "d-blue", nil},
		{exchanges["fanout"], "", "f", nil},
		{exchanges["headers"], "", "both", amqp.Table{"format": "pdf", "type": "report"}},
		{exchanges["headers"], "", "one", amqp.Table{"format": "pdf", "type": "log"}},
		{exchanges["headers"], "", "none", amqp.Table{"format": "zip"}},
	}
	for _, key := range []string{"a.b.c", "a.b.b.c", "x", "x.y.z", "a.c"} {
		pubs = append(pubs, pub{exchanges["topic"], key, key, nil})
	}
	for _, p := range pubs {
		if err := publishConfirmed(ch, p.exchange, p.key, false, amqp.Publishing{Headers: p.headers, Body: []byte(p.body)}); err != nil {
			return err
		}
	}
	want := map[string][]string{
		"direct": {"d-red"}, "topic": {"a.b.c", "x", "x.y.z"}, "fan1": {"f"}, "fan2": {"f"},
		"e2e": {"f"}, "all": {"both"}, "any": {"both", "one"},
	}
	roles := make([]string, 0, len(want))
	for role := range want {
		roles = append(roles, role)
	}
	sort.Strings(roles)
	for _, role := range roles {
		bodies, err := drain(ch, queues[role])
		if err != nil {
			return err
		}
		if err := expectEqual(bodies, want[role], "bodies in queue "+role); err != nil {
			return err
		}
	}
	if err := ch.QueueUnbind(queues["direct"], "red", exchanges["direct"], nil); err != nil {
		return err
	}
	if err := ch.ExchangeUnbind(inner, "", exchanges["fanout"], false, nil); err != nil {
		return err
	}
	if err := publishConfirmed(ch, exchanges["direct"], "red", false, amqp.Publishing{Body: []byte("after unbind")}); err != nil {
		return err
	}
	if err := publishConfirmed(ch, exchanges["fanout"], "", false, amqp.Publishing{Body: []byte("after exchange unbind")}); err != nil {
		return err
	}
	for role, expected := range map[string]int{"direct": 0, "e2e": 0, "fan1": 1} {
		count, err := messageCount(ch, queues[role])
		if err != nil {
			return err
		}
		if err := expectEqual(count, expected, "messages in "+role+" after unbinding"); err != nil {
			return err
		}
	}
	// names are shortstr: UTF-8 on the wire, up to 255 bytes
	unicodeExchange, unicodeQueue := name("x.\u00fcnic\u00f6de.\u2713"), name("q.caf\u00e9.\u65e5\u672c")
	unicodeKey := "k.\u00e9t\u00e9.\u2713"
	if err := firstError(
		ch.ExchangeDeclare(unicodeExchange, "topic", false, false, false, false, nil),
		declare(ch, unicodeQueue, nil),
		ch.QueueBind(unicodeQueue, "k.\u00e9t\u00e9.*", unicodeExchange, false, nil),
		publishConfirmed(ch, unicodeExchange, unicodeKey, false, amqp.Publishing{Body: []byte("unicode")}),
	); err != nil {
		return err
	}
	d, ok, err := ch.Get(unicodeQueue, true)
	if err != nil || !ok {
		return fmt.Errorf("get through UTF-8 names: ok=%v err=%v", ok, err)
	}
	if err := firstError(
		expectEqual(string(d.Body), "unicode", "body through UTF-8 names"),
		expectEqual(d.Exchange, unicodeExchange, "UTF-8 exchange of the delivery"),
		expectEqual(d.RoutingKey, unicodeKey, "UTF-8 routing key of the delivery"),
	); err != nil {
		return err
	}
	if _, err := ch.QueueDelete(unicodeQueue, false, false, false); err != nil {
		return err
	}
	if err := ch.ExchangeDelete(unicodeExchange, false, false); err != nil {
		return err
	}
	if err := publishConfirmed(ch, "", queues["direct"], false, amqp.Publishing{Body: []byte("default exchange")}); err != nil {
		return err
	}
	purged, err := ch.QueuePurge(queues["direct"], false)
	if err != nil {
		return err
	}
	if err := expectEqual(purged, 1, "purged count"); err != nil {
		return err
	}
	if err := publishConfirmed(ch, "", queues["direct"], false, amqp.Publishing{Body: []byte("left")}); err != nil {
		return err
	}
	deleted, err := ch.QueueDelete(queues["direct"], false, false, false)
	if err != nil {
		return err
	}
	if err := expectEqual(deleted, 1, "deleted queue's count"); err != nil {
		return err
	}
	for role, queue := range queues {
		if role != "direct" {
			if _, err := ch.QueueDelete(queue, false, false, false); err != nil {
				return err
			}
		}
	}
	if err := ch.ExchangeDelete(inner, false, false); err != nil {
		return err
	}
	for _, exchange := range exchanges {
		if err := ch.ExchangeDelete(exchange, false, false); err != nil {
			return err
		}
	}
	return nil
}

func serverNamedExclusiveQueue(conn *amqp.Connection) error {
	_, q, err := exclusiveQueue(conn, false)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(q.Name, "amq.gen-") {
		return fmt.Errorf("server-named queue should start with amq.gen-, got %q", q.Name)
	}
	other, err := connect(amqp.Config{})
	if err != nil {
		return err
	}
	defer other.Close()
	otherCh, err := other.Channel()
	if err != nil {
		return err
	}
	_, err = otherCh.QueueDeclarePassive(q.Name, false, false, false, false, nil)
	if err := expectAmqpError(err, amqp.ResourceLocked, "another connection's exclusive queue", q.Name); err != nil {
		return err
	}
	if err := conn.Close(); err != nil {
		return err
	}
	afterCh, err := other.Channel()
	if err != nil {
		return err
	}
	_, err = afterCh.QueueDeclarePassive(q.Name, false, false, false, false, nil)
	return expectAmqpError(err, amqp.NotFound, "the exclusive queue after its connection closed")
}

func propertiesAndHeaderTypes(conn *amqp.Connection) error {
	ch, q, err := exclusiveQueue(conn, true)
	if err != nil {
		return err
	}
	stamp := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	headers := amqp.Table{
		"string":    "h\u00e9llo \u2713",
		"int8":      int8(-5),
		"uint8":     byte(200),
		"int16":     int16(-1000),
		"int32":     int32(100000),
		"int64":     int64(1) << 40,
		"float32":   float32(1.5),
		"float64":   2.25,
		"true":      true,
		"false":     false,
		"bytes":     []byte{0, 1, 254, 255},
		"decimal":   amqp.Decimal{Scale: 2, Value: 314},
		"timestamp": stamp,
		"table":     amqp.Table{"nested": "yes", "depth": amqp.Table{"n": int32(2)}},
		"array":     []interface{}{int32(1), "two", true, amqp.Table{"k": "v"}, []interface{}{int64(3)}},
		"void":      nil,
	}
	sent := amqp.Publishing{
		Headers: headers, ContentType: "application/json", ContentEncoding: "utf-8",
		DeliveryMode: amqp.Persistent, Priority: 5, CorrelationId: "corr-1", ReplyTo: "reply-here",
		Expiration: "60000", MessageId: "msg-1", Timestamp: time.Unix(1700000000, 0).UTC(), Type: "check.type",
		UserId: "guest", AppId: "amqp091-go-check", Body: []byte(`{"text": "h\u00e9llo"}`),
	}
	if err := publishConfirmed(ch, "", q.Name, false, sent); err != nil {
		return err
	}
	if err := publishConfirmed(ch, "", q.Name, false, amqp.Publishing{}); err != nil {
		return err
	}
	deliveries, err := ch.Consume(q.Name, "props-consumer", false, false, false, false, nil)
	if err != nil {
		return err
	}
	d, err := receive(deliveries, "the message with properties")
	if err != nil {
		return err
	}
	if err := firstError(
		expectEqual(d.Body, sent.Body, "body"),
		expectEqual(d.ConsumerTag, "props-consumer", "consumer tag"),
		expectEqual(d.Exchange, "", "exchange"),
		expectEqual(d.RoutingKey, q.Name, "routing key"),
		expectEqual(d.Redelivered, false, "redelivered"),
		expectEqual(d.ContentType, sent.ContentType, "content type"),
		expectEqual(d.ContentEncoding, sent.ContentEncoding, "content encoding"),
		expectEqual(d.DeliveryMode, sent.DeliveryMode, "delivery mode"),
		expectEqual(d.Priority, sent.Priority, "priority"),
		expectEqual(d.CorrelationId, sent.CorrelationId, "correlation id"),
		expectEqual(d.ReplyTo, sent.ReplyTo, "reply to"),
		expectEqual(d.Expiration, sent.Expiration, "expiration"),
		expectEqual(d.MessageId, sent.MessageId, "message id"),
		expectEqual(d.Timestamp.Unix(), sent.Timestamp.Unix(), "timestamp"),
		expectEqual(d.Type, sent.Type, "type"),
		expectEqual(d.UserId, sent.UserId, "user id"),
		expectEqual(d.AppId, sent.AppId, "app id"),
	); err != nil {
		return err
	}
	// each header comes back with the same AMQP type, so the same Go type
	for key, value := range headers {
		got, present := d.Headers[key]
		if !present {
			return fmt.Errorf("header %q is missing; got %#v", key, d.Headers)
		}
		if key == "timestamp" {
			if t, ok := got.(time.Time); !ok || !t.Equal(stamp) {
				return fmt.Errorf("header timestamp: expected %v, got %#v", stamp, got)
			}
			continue
		}
		if err := expectEqual(got, value, "header "+key); err != nil {
			return err
		}
	}
	if err := expectEqual(len(d.Headers), len(headers), "header count"); err != nil {
		return err
	}
	if err := d.Ack(false); err != nil {
		return err
	}
	empty, err := receive(deliveries, "the message without properties")
	if err != nil {
		return err
	}
	if err := firstError(
		expectEqual(len(empty.Body), 0, "empty body length"),
		expectEqual(len(empty.Headers), 0, "headers of a message sent without any"),
		expectEqual(empty.ContentType, "", "content type of a message sent without one"),
		expectEqual(empty.DeliveryMode, uint8(0), "delivery mode of a message sent without one"),
	); err != nil {
		return err
	}
	return empty.Ack(false)
}

func publisherConfirms(conn *amqp.Connection) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	const count = 500
	if err := ch.Confirm(false); err != nil {
		return err
	}
	confirms := ch.NotifyPublish(make(chan amqp.Confirmation, count+1))
	q, err := ch.QueueDeclare(name("confirms"), true, false, false, false, nil)
	if err != nil {
		return err
	}
	for i := 0; i < count; i++ {
		mode := amqp.Transient
		if i%2 == 0 {
			mode = amqp.Persistent
		}
		if err := publish(ch, "", q.Name, amqp.Publishing{DeliveryMode: mode, Body: []byte(fmt.Sprintf("confirmed %d", i))}); err != nil {
			return err
		}
	}
	for i := 1; i <= count; i++ {
		select {
		case c := <-confirms:
			if !c.Ack {
				return fmt.Errorf("publish %d was nacked", c.DeliveryTag)
			}
			if c.DeliveryTag != uint64(i) {
				return fmt.Errorf("confirm %d has delivery tag %d", i, c.DeliveryTag)
			}
		case <-time.After(wait):
			return fmt.Errorf("only %d of %d confirms within %s", i-1, count, wait)
		}
	}
	n, err := messageCount(ch, q.Name)
	if err != nil {
		return err
	}
	if err := expectEqual(n, count, "messages after the confirmed publishes"); err != nil {
		return err
	}
	deleted, err := ch.QueueDelete(q.Name, false, false, false)
	if err != nil {
		return err
	}
	return expectEqual(deleted, count, "deleted queue's count")
}

func basicGet(conn *amqp.Connection) error {
	ch, q, err := exclusiveQueue(conn, true)
	if err != nil {
		return err
	}
	if _, ok, err := ch.Get(q.Name, false); err != nil || ok {
		return fmt.Errorf("basic.get on an empty queue: ok=%v err=%v", ok, err)
	}
	for i := 0; i < 3; i++ {
		if err := publishConfirmed(ch, "", q.Name, false, amqp.Publishing{MessageId: fmt.Sprint(i), Body: []byte(fmt.Sprintf("g%d", i))}); err != nil {
			return err
		}
	}
	d, ok, err := ch.Get(q.Name, false)
	if err != nil || !ok {
		return fmt.Errorf("first get: ok=%v err=%v", ok, err)
	}
	if err := firstError(
		expectEqual(string(d.Body), "g0", "first body"),
		expectEqual(d.MessageCount, uint32(2), "message count after the first get"),
		expectEqual(d.Redelivered, false, "redelivered on first get"),
		expectEqual(d.MessageId, "0", "message id"),
		d.Nack(false, true),
	); err != nil {
		return err
	}
	d, ok, err = ch.Get(q.Name, false)
	if err != nil || !ok {
		return fmt.Errorf("get after nack: ok=%v err=%v", ok, err)
	}
	if err := firstError(
		expectEqual(string(d.Body), "g0", "body after nack with requeue (requeued to the head)"),
		expectEqual(d.Redelivered, true, "redelivered after requeue"),
		d.Ack(false),
	); err != nil {
		return err
	}
	d, ok, err = ch.Get(q.Name, true)
	if err != nil || !ok {
		return fmt.Errorf("second get: ok=%v err=%v", ok, err)
	}
	if err := firstError(
		expectEqual(string(d.Body), "g1", "second body"),
		expectEqual(d.MessageCount, uint32(1), "count on the second get"),
	); err != nil {
		return err
	}
	n, err := messageCount(ch, q.Name)
	if err != nil {
		return err
	}
	return expectEqual(n, 1, "messages left")
}

func ackNackReject(conn *amqp.Connection) error {
	ch, err := confirmChannel(conn)
	if err != nil {
		return err
	}
	q, err := ch.QueueDeclare(name("acks"), false, false, false, false, nil)
	if err != nil {
		return err
	}
	for _, body := range []string{"ack-me", "requeue-me", "reject-me"} {
		if err := publishConfirmed(ch, "", q.Name, false, amqp.Publishing{Body: []byte(body)}); err != nil {
			return err
		}
	}
	deliveries, err := ch.Consume(q.Name, "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	byBody := map[string]amqp.Delivery{}
	for i := 0; i < 3; i++ {
		d, err := receive(deliveries, "3 deliveries")
		if err != nil {
			return err
		}
		if d.Redelivered {
			return fmt.Errorf("first delivery of %q is marked redelivered", d.Body)
		}
		byBody[string(d.Body)] = d
	}
	if err := firstError(
		byBody["ack-me"].Ack(false),
		byBody["reject-me"].Reject(false),
		byBody["requeue-me"].Nack(false, true),
	); err != nil {
		return err
	}
	d, err := receive(deliveries, "the requeued message")
	if err != nil {
		return err
	}
	if err := firstError(
		expectEqual(string(d.Body), "requeue-me", "redelivered body"),
		expectEqual(d.Redelivered, true, "redelivered flag"),
		d.Ack(false),
	); err != nil {
		return err
	}
	for _, body := range []string{"m1", "m2", "m3"} {
		if err := publishConfirmed(ch, "", q.Name, false, amqp.Publishing{Body: []byte(body)}); err != nil {
			return err
		}
	}
	var more []amqp.Delivery
	for i := 0; i < 3; i++ {
		d, err := receive(deliveries, "3 more deliveries")
		if err != nil {
			return err
		}
		more = append(more, d)
	}
	if err := firstError(more[1].Nack(true, false), more[2].Ack(true)); err != nil {
		return err
	}
	if err := ch.Close(); err != nil {
		return err
	}
	checker, err := conn.Channel()
	if err != nil {
		return err
	}
	n, err := messageCount(checker, q.Name)
	if err != nil {
		return err
	}
	if err := expectEqual(n, 0, "messages left after ack, reject and nack"); err != nil {
		return err
	}
	_, err = checker.QueueDelete(q.Name, false, false, false)
	return err
}

func prefetch(conn *amqp.Connection) error {
	ch, q, err := exclusiveQueue(conn, true)
	if err != nil {
		return err
	}
	for i := 0; i < 6; i++ {
		if err := publishConfirmed(ch, "", q.Name, false, amqp.Publishing{Body: []byte(fmt.Sprintf("p%d", i))}); err != nil {
			return err
		}
	}
	if err := ch.Qos(2, 0, false); err != nil {
		return err
	}
	deliveries, err := ch.Consume(q.Name, "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	var received []amqp.Delivery
	take := func(n int, what string) error {
		for i := 0; i < n; i++ {
			d, err := receive(deliveries, what)
			if err != nil {
				return err
			}
			received = append(received, d)
		}
		return nil
	}
	if err := firstError(take(2, "the first 2 deliveries"),
		expectNothing(deliveries, 500*time.Millisecond, "prefetch 2 with nothing acked")); err != nil {
		return err
	}
	if err := firstError(received[0].Ack(false), take(1, "a delivery after one ack"),
		expectNothing(deliveries, 300*time.Millisecond, "after one ack")); err != nil {
		return err
	}
	return firstError(received[2].Ack(true), take(2, "2 deliveries after acking the rest"),
		expectNothing(deliveries, 300*time.Millisecond, "after a multiple ack"))
}

func queueArgumentsAndDeadLetters(conn *amqp.Connection) error {
	ch, err := confirmChannel(conn)
	if err != nil {
		return err
	}
	dlx, dlq, work, expiring, prioritised := name("dlx"), name("dlq"), name("work"), name("expiring"), name("prioritised")
	// the argument types Go programs write: untyped int constants become 'I', int64 'l', int16 's'
	workArgs := amqp.Table{"x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": "dead",
		"x-max-length": 2, "x-overflow": "drop-head"}
	expiringArgs := amqp.Table{"x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": "dead",
		"x-message-ttl": int64(100), "x-expires": int32(60000)}
	if err := firstError(
		ch.ExchangeDeclare(dlx, "direct", false, false, false, false, nil),
		declare(ch, dlq, nil),
		ch.QueueBind(dlq, "dead", dlx, false, nil),
		declare(ch, work, workArgs),
		declare(ch, work, workArgs), // an application's redeclare at start-up
		declare(ch, expiring, expiringArgs),
		declare(ch, prioritised, amqp.Table{"x-max-priority": int16(5)}),
	); err != nil {
		return err
	}
	for _, body := range []string{"w1", "w2", "w3"} {
		if err := publishConfirmed(ch, "", work, false, amqp.Publishing{Body: []byte(body)}); err != nil {
			return err
		}
	}
	head, ok, err := ch.Get(work, false)
	if err != nil || !ok {
		return fmt.Errorf("get from the length-limited queue: ok=%v err=%v", ok, err)
	}
	if err := firstError(expectEqual(string(head.Body), "w2", "head after w1 was dropped by x-max-length 2"),
		head.Reject(false)); err != nil {
		return err
	}
	if err := publishConfirmed(ch, "", expiring, false, amqp.Publishing{Body: []byte("e1")}); err != nil {
		return err
	}
	deliveries, err := ch.Consume(dlq, "", true, false, false, false, nil)
	if err != nil {
		return err
	}
	expected := []struct{ body, reason, queue string }{{"w1", "maxlen", work}, {"w2", "rejected", work}, {"e1", "expired", expiring}}
	for i, want := range expected {
		d, err := receive(deliveries, "dead letter "+want.body)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("dead letter %d", i)
		if err := firstError(
			expectEqual(string(d.Body), want.body, what+" body"),
			expectEqual(d.Exchange, dlx, what+" exchange"),
			expectEqual(d.RoutingKey, "dead", what+" routing key"),
			expectEqual(d.Headers["x-first-death-reason"], want.reason, what+" x-first-death-reason"),
			expectEqual(d.Headers["x-first-death-queue"], want.queue, what+" x-first-death-queue"),
			expectEqual(d.Headers["x-first-death-exchange"], "", what+" x-first-death-exchange"),
		); err != nil {
			return err
		}
		deaths, ok := d.Headers["x-death"].([]interface{})
		if !ok || len(deaths) != 1 {
			return fmt.Errorf("%s: x-death should be an array of one table, got %#v", what, d.Headers["x-death"])
		}
		death, ok := deaths[0].(amqp.Table)
		if !ok {
			return fmt.Errorf("%s: x-death[0] should be a table, got %#v", what, deaths[0])
		}
		// exact Go types, so exact AMQP types: count is a long, time a timestamp
		if err := firstError(
			expectEqual(death["reason"], want.reason, what+" x-death reason"),
			expectEqual(death["queue"], want.queue, what+" x-death queue"),
			expectEqual(death["count"], int64(1), what+" x-death count (a long)"),
			expectEqual(death["exchange"], "", what+" x-death exchange"),
			expectEqual(death["routing-keys"], []interface{}{want.queue}, what+" x-death routing-keys"),
		); err != nil {
			return err
		}
		if stamp, ok := death["time"].(time.Time); !ok || time.Since(stamp) > 5*time.Minute || time.Until(stamp) > 5*time.Minute {
			return fmt.Errorf("%s: x-death time should be a timestamp of about now, got %#v", what, death["time"])
		}
	}
	left, err := messageCount(ch, work)
	if err != nil {
		return err
	}
	if err := expectEqual(left, 1, "left in the length-limited queue"); err != nil {
		return err
	}
	for _, priority := range []uint8{1, 5, 3, 0} {
		if err := publishConfirmed(ch, "", prioritised, false, amqp.Publishing{Priority: priority, Body: []byte(fmt.Sprintf("p%d", priority))}); err != nil {
			return err
		}
	}
	order, err := drain(ch, prioritised)
	if err != nil {
		return err
	}
	if err := expectEqual(order, []string{"p5", "p3", "p1", "p0"}, "priority order"); err != nil {
		return err
	}
	for _, queue := range []string{work, expiring, prioritised, dlq} {
		if _, err := ch.QueueDelete(queue, false, false, false); err != nil {
			return err
		}
	}
	return ch.ExchangeDelete(dlx, false, false)
}

func declare(ch *amqp.Channel, queue string, args amqp.Table) error {
	_, err := ch.QueueDeclare(queue, false, false, false, false, args)
	return err
}

func mandatoryPublishReturned(conn *amqp.Connection) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	returns := ch.NotifyReturn(make(chan amqp.Return, 2))
	key := name("no-such-binding")
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := ch.PublishWithContext(ctx, "amq.direct", key, true, false, amqp.Publishing{MessageId: "r-1", Body: []byte("come back")}); err != nil {
		return err
	}
	select {
	case r := <-returns:
		if err := firstError(
			expectEqual(r.ReplyCode, uint16(amqp.NoRoute), "reply code"),
			expectEqual(r.ReplyText, "NO_ROUTE", "reply text"),
			expectEqual(r.Exchange, "amq.direct", "exchange"),
			expectEqual(r.RoutingKey, key, "routing key"),
			expectEqual(r.MessageId, "r-1", "returned message id"),
			expectEqual(string(r.Body), "come back", "returned body"),
		); err != nil {
			return err
		}
	case <-time.After(wait):
		return fmt.Errorf("no basic.return within %s", wait)
	}
	if err := ch.PublishWithContext(ctx, "amq.direct", key, false, false, amqp.Publishing{Body: []byte("not mandatory")}); err != nil {
		return err
	}
	select {
	case r := <-returns:
		return fmt.Errorf("a non-mandatory unroutable publish came back: %q", r.Body)
	case <-time.After(300 * time.Millisecond):
		return nil
	}
}

func channelErrorsKeepConnection(conn *amqp.Connection) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	closed := ch.NotifyClose(make(chan *amqp.Error, 1))
	missing := name("missing")
	_, err = ch.QueueDeclarePassive(missing, false, false, false, false, nil)
	if err := expectAmqpError(err, amqp.NotFound, "passive declare of a missing queue", missing); err != nil {
		return err
	}
	select {
	case e := <-closed:
		if e == nil || e.Code != amqp.NotFound {
			return fmt.Errorf("channel close notification: %v", e)
		}
	case <-time.After(wait):
		return fmt.Errorf("no channel close notification")
	}
	if conn.IsClosed() {
		return fmt.Errorf("the connection closed after a channel error")
	}

	second, err := conn.Channel()
	if err != nil {
		return err
	}
	q, err := second.QueueDeclare(name("durable"), true, false, false, false, nil)
	if err != nil {
		return err
	}
	_, err = second.QueueDeclare(q.Name, false, false, false, false, nil)
	if err := expectAmqpError(err, amqp.PreconditionFailed, "redeclaring a durable queue as transient", q.Name); err != nil {
		return err
	}

	holder, err := conn.Channel()
	if err != nil {
		return err
	}
	if _, err := holder.Consume(q.Name, "holder", false, true, false, false, nil); err != nil {
		return err
	}
	intruder, err := conn.Channel()
	if err != nil {
		return err
	}
	_, err = intruder.Consume(q.Name, "intruder", false, false, false, false, nil)
	if err := expectAmqpError(err, amqp.AccessRefused, "a consumer beside an exclusive one", "exclusive use"); err != nil {
		return err
	}
	if err := holder.Close(); err != nil {
		return err
	}

	third, err := conn.Channel()
	if err != nil {
		return err
	}
	thirdClosed := third.NotifyClose(make(chan *amqp.Error, 1))
	if err := publish(third, name("no-exchange"), "k", amqp.Publishing{Body: []byte("x")}); err != nil {
		return err
	}
	select {
	case e := <-thirdClosed:
		if e == nil || e.Code != amqp.NotFound {
			return fmt.Errorf("channel close after publishing to a missing exchange: %v", e)
		}
	case <-time.After(wait):
		return fmt.Errorf("publishing to a missing exchange did not close the channel")
	}

	fourth, err := confirmChannel(conn)
	if err != nil {
		return err
	}
	if err := publishConfirmed(fourth, "", q.Name, false, amqp.Publishing{Body: []byte("still works")}); err != nil {
		return err
	}
	d, ok, err := fourth.Get(q.Name, true)
	if err != nil || !ok || string(d.Body) != "still works" {
		return fmt.Errorf("round trip on a new channel: ok=%v err=%v body=%q", ok, err, d.Body)
	}
	_, err = fourth.QueueDelete(q.Name, false, false, false)
	return err
}

func connectionRefusals(conn *amqp.Connection) error {
	url := fmt.Sprintf("amqp://guest:wrong-password@%s:%s/", host, port)
	if refused, err := amqp.Dial(url); err == nil {
		refused.Close()
		return fmt.Errorf("a wrong password was accepted")
	} else if !errors.Is(err, amqp.ErrCredentials) {
		return fmt.Errorf("a wrong password: expected ErrCredentials, got %v", err)
	}
	url = fmt.Sprintf("amqp://guest:guest@%s:%s/%s", host, port, name("no-such-vhost"))
	if refused, err := amqp.Dial(url); err == nil {
		refused.Close()
		return fmt.Errorf("an unknown virtual host was accepted")
	} else if !errors.Is(err, amqp.ErrVhost) {
		return fmt.Errorf("an unknown virtual host: expected ErrVhost, got %v", err)
	}
	ch, err := conn.Channel() // other connections are unaffected
	if err != nil {
		return err
	}
	return ch.ExchangeDeclarePassive("amq.direct", "direct", true, false, false, false, nil)
}

func manyChannels(conn *amqp.Connection) error {
	for round := 0; round < 2; round++ { // the second round reuses the channel numbers of the first
		channels := make([]*amqp.Channel, 0, 100)
		for i := 0; i < 100; i++ {
			ch, err := confirmChannel(conn)
			if err != nil {
				return fmt.Errorf("round %d, channel %d: %w", round, i, err)
			}
			channels = append(channels, ch)
		}
		errs := make(chan error, len(channels))
		for i, ch := range channels {
			go func(i int, ch *amqp.Channel, listener chan amqp.Confirmation) {
				q, err := ch.QueueDeclare("", false, false, true, false, nil)
				if err != nil {
					errs <- err
					return
				}
				body := fmt.Sprintf("on channel %d", i)
				if err := ch.PublishWithContext(context.Background(), "", q.Name, false, false, amqp.Publishing{Body: []byte(body)}); err != nil {
					errs <- err
					return
				}
				select {
				case c := <-listener:
					if !c.Ack {
						errs <- fmt.Errorf("publish on channel %d nacked", i)
						return
					}
				case <-time.After(wait):
					errs <- fmt.Errorf("no confirm on channel %d", i)
					return
				}
				d, ok, err := ch.Get(q.Name, true)
				if err == nil && (!ok || string(d.Body) != body) {
					err = fmt.Errorf("round trip on channel %d: ok=%v body=%q", i, ok, d.Body)
				}
				errs <- err
			}(i, ch, confirmListeners[ch])
		}
		for range channels {
			if err := <-errs; err != nil {
				return err
			}
		}
		for _, ch := range channels {
			delete(confirmListeners, ch)
			if err := ch.Close(); err != nil {
				return err
			}
		}
	}
	return nil
}

func largeMessage(conn *amqp.Connection) error {
	ch, q, err := exclusiveQueue(conn, true)
	if err != nil {
		return err
	}
	body := make([]byte, 1024*1024+17) // spans several body frames at any frame_max
	if _, err := rand.Read(body); err != nil {
		return err
	}
	if err := publishConfirmed(ch, "", q.Name, false, amqp.Publishing{MessageId: "big", Body: body}); err != nil {
		return err
	}
	deliveries, err := ch.Consume(q.Name, "", true, false, false, false, nil)
	if err != nil {
		return err
	}
	d, err := receive(deliveries, "the large message")
	if err != nil {
		return err
	}
	if len(d.Body) != len(body) {
		return fmt.Errorf("large body length: expected %d, got %d", len(body), len(d.Body))
	}
	if !bytes.Equal(d.Body, body) {
		return fmt.Errorf("large body content differs")
	}
	return expectEqual(d.MessageId, "big", "message id")
}

func consumerCancelNotification(conn *amqp.Connection) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	cancels := ch.NotifyCancel(make(chan string, 1))
	q, err := ch.QueueDeclare(name("cancel-me"), false, false, false, false, nil)
	if err != nil {
		return err
	}
	deliveries, err := ch.Consume(q.Name, "cancel-me-consumer", false, false, false, false, nil)
	if err != nil {
		return err
	}
	other, err := conn.Channel()
	if err != nil {
		return err
	}
	if _, err := other.QueueDelete(q.Name, false, false, false); err != nil {
		return err
	}
	select {
	case tag := <-cancels:
		if err := expectEqual(tag, "cancel-me-consumer", "cancelled consumer tag"); err != nil {
			return err
		}
	case <-time.After(wait):
		return fmt.Errorf("no basic.cancel from the broker within %s", wait)
	}
	select {
	case _, open := <-deliveries:
		if open {
			return fmt.Errorf("a delivery arrived for a cancelled consumer")
		}
	case <-time.After(wait):
		return fmt.Errorf("the delivery channel of the cancelled consumer stayed open")
	}
	if ch.IsClosed() {
		return fmt.Errorf("the channel closed after a consumer cancel notification")
	}
	_, err = ch.QueueDeclare("", false, false, true, false, nil)
	return err
}

func transactions(conn *amqp.Connection) error {
	ch, q, err := exclusiveQueue(conn, false)
	if err != nil {
		return err
	}
	if err := firstError(ch.Tx(), publish(ch, "", q.Name, amqp.Publishing{Body: []byte("rolled back")}), ch.TxRollback()); err != nil {
		return err
	}
	n, err := messageCount(ch, q.Name)
	if err != nil {
		return err
	}
	if err := expectEqual(n, 0, "messages after rollback"); err != nil {
		return err
	}
	if err := firstError(publish(ch, "", q.Name, amqp.Publishing{Body: []byte("committed")}), ch.TxCommit()); err != nil {
		return err
	}
	n, err = messageCount(ch, q.Name)
	if err != nil {
		return err
	}
	return expectEqual(n, 1, "messages after commit")
}

func heartbeats(conn *amqp.Connection) error {
	if err := conn.Close(); err != nil {
		return err
	}
	beating, err := connect(amqp.Config{Heartbeat: time.Second})
	if err != nil {
		return err
	}
	defer beating.Close()
	closed := beating.NotifyClose(make(chan *amqp.Error, 1))
	select {
	case e := <-closed:
		return fmt.Errorf("the connection with 1 s heartbeats closed while idle: %v", e)
	case <-time.After(3500 * time.Millisecond): // would miss several heartbeats if either side did not send them
	}
	ch, err := beating.Channel()
	if err != nil {
		return err
	}
	_, err = ch.QueueDeclare("", false, false, true, false, nil)
	return err
}

func main() {
	if len(os.Args) > 1 {
		host = os.Args[1]
	}
	if len(os.Args) > 2 {
		port = os.Args[2]
	}
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		panic(err)
	}
	prefix = fmt.Sprintf("amqp091-go-check.%x.", suffix)
	checks := []check{
		{"exchange_types_and_bindings", exchangeTypesAndBindings},
		{"server_named_exclusive_queue", serverNamedExclusiveQueue},
		{"properties_and_header_types", propertiesAndHeaderTypes},
		{"publisher_confirms", publisherConfirms},
		{"basic_get", basicGet},
		{"ack_nack_reject", ackNackReject},
		{"prefetch", prefetch},
		{"queue_arguments_and_dead_letters", queueArgumentsAndDeadLetters},
		{"mandatory_publish_returned", mandatoryPublishReturned},
		{"channel_errors_keep_connection", channelErrorsKeepConnection},
		{"connection_refusals", connectionRefusals},
		{"many_channels", manyChannels},
		{"large_message", largeMessage},
		{"consumer_cancel_notification", consumerCancelNotification},
		{"transactions", transactions},
		{"heartbeats", heartbeats},
	}
	fmt.Printf("amqp091-go against %s:%s\n", host, port)
	passed, failed := 0, 0
	for _, c := range checks {
		started := time.Now()
		err := runOne(c)
		if err != nil {
			failed++
			fmt.Printf("FAIL %s: %v\n", c.name, err)
		} else {
			passed++
			fmt.Printf("PASS %s (%.2f s)\n", c.name, time.Since(started).Seconds())
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// runOne runs a check on a connection of its own and closes that connection afterwards.
func runOne(c check) (err error) {
	conn, err := connect(amqp.Config{})
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("panic: %v", recovered)
		}
		if !conn.IsClosed() {
			if closeErr := conn.Close(); closeErr != nil && err == nil {
				err = fmt.Errorf("closing the connection: %w", closeErr)
			}
		}
	}()
	return c.run(conn)
}
