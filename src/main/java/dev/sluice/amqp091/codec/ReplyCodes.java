package dev.sluice.amqp091.codec;

/**
 * The reply codes of AMQP 0-9-1 (the spec's constants), as carried by {@code connection.close},
 * {@code channel.close} and {@code basic.return}.
 *
 * <p>Threading: constants only.
 */
public final class ReplyCodes {
    public static final int REPLY_SUCCESS = 200;
    public static final int CONTENT_TOO_LARGE = 311;
    public static final int NO_ROUTE = 312;
    public static final int NO_CONSUMERS = 313;
    public static final int CONNECTION_FORCED = 320;
    public static final int INVALID_PATH = 402;
    public static final int ACCESS_REFUSED = 403;
    public static final int NOT_FOUND = 404;
    public static final int RESOURCE_LOCKED = 405;
    public static final int PRECONDITION_FAILED = 406;
    /** A frame that could not be decoded: bad size, bad frame end, unknown frame type, truncated content. */
    public static final int FRAME_ERROR = 501;
    /** A frame that decoded but held an illegal value: unknown field type, nesting too deep, ... */
    public static final int SYNTAX_ERROR = 502;
    public static final int COMMAND_INVALID = 503;
    public static final int CHANNEL_ERROR = 504;
    public static final int UNEXPECTED_FRAME = 505;
    public static final int RESOURCE_ERROR = 506;
    public static final int NOT_ALLOWED = 530;
    /** A method whose class id and method id this codec does not know. */
    public static final int NOT_IMPLEMENTED = 540;
    public static final int INTERNAL_ERROR = 541;

    private ReplyCodes() {
    }
}
