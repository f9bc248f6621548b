/**
 * The AMQP 0-9-1 wire codec: frames, methods, content headers and field tables, as the
 * 0-9-1 spec and RabbitMQ's extensions and errata define them. No connection or channel state
 * lives here; the {@code amqp091} adapter builds its state machines on these pieces.
 *
 * <ul>
 *   <li>{@link dev.sluice.amqp091.codec.FrameDecoder}: bytes to {@link dev.sluice.amqp091.codec.Frame}s,
 *       or one {@link dev.sluice.amqp091.codec.FrameError} after which all input is discarded.</li>
 *   <li>{@link dev.sluice.amqp091.codec.FrameWriter}: method frames, header frames, heartbeats and
 *       whole content messages whose body is sliced, not copied.</li>
 *   <li>{@link dev.sluice.amqp091.codec.MethodCodec}: method frame payloads to and from the
 *       {@link dev.sluice.amqp091.codec.Method} records (one per method, such as
 *       {@link dev.sluice.amqp091.codec.BasicPublish}); {@link dev.sluice.amqp091.codec.MethodKind}
 *       names every method for {@code switch}.</li>
 *   <li>{@link dev.sluice.amqp091.codec.ContentHeader} and
 *       {@link dev.sluice.amqp091.codec.BasicProperties}: content headers to and from the core's
 *       {@link dev.sluice.core.message.MessageProperties}, keeping the raw property bytes.</li>
 *   <li>{@link dev.sluice.amqp091.codec.FieldTables}: tables and arrays with RabbitMQ's type letters.</li>
 * </ul>
 *
 * <p>Decoding is written for hostile input: every read is bounds-checked and every failure is an
 * {@link dev.sluice.amqp091.codec.AmqpSyntaxException} carrying the reply code to close the
 * connection with. Fuzz tests (Jazzer) guard this.
 *
 * <p>Threading: everything here is stateless or immutable, except {@code FrameDecoder}, which is
 * confined to its connection's event loop.
 */
package dev.sluice.amqp091.codec;
