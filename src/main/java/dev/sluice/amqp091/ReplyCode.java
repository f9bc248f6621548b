package dev.sluice.amqp091;

/**
 * AMQP 0-9-1 reply codes, and which of them are hard errors (close the connection) rather than
 * soft ones (close the channel), as the specification and RabbitMQ classify them.
 *
 * <p>Threading: stateless.
 */
public final class ReplyCode {
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
    public static final int FRAME_ERROR = 501;
    public static final int SYNTAX_ERROR = 502;
    public static final int COMMAND_INVALID = 503;
    public static final int CHANNEL_ERROR = 504;
    public static final int UNEXPECTED_FRAME = 505;
    public static final int RESOURCE_ERROR = 506;
    public static final int NOT_ALLOWED = 530;
    public static final int NOT_IMPLEMENTED = 540;
    public static final int INTERNAL_ERROR = 541;

    private ReplyCode() {
    }

    /** True for the codes that close the whole connection. */
    public static boolean isHard(int code) {
        return code == CONNECTION_FORCED || code == INVALID_PATH || (code >= 500 && code < 600);
    }

    /** RabbitMQ's name for a code, the prefix of its reply texts. */
    public static String nameOf(int code) {
        return switch (code) {
            case REPLY_SUCCESS -> "REPLY_SUCCESS";
            case CONTENT_TOO_LARGE -> "CONTENT_TOO_LARGE";
            case NO_ROUTE -> "NO_ROUTE";
            case NO_CONSUMERS -> "NO_CONSUMERS";
            case CONNECTION_FORCED -> "CONNECTION_FORCED";
            case INVALID_PATH -> "INVALID_PATH";
            case ACCESS_REFUSED -> "ACCESS_REFUSED";
            case NOT_FOUND -> "NOT_FOUND";
            case RESOURCE_LOCKED -> "RESOURCE_LOCKED";
            case PRECONDITION_FAILED -> "PRECONDITION_FAILED";
            case FRAME_ERROR -> "FRAME_ERROR";
            case SYNTAX_ERROR -> "SYNTAX_ERROR";
            case COMMAND_INVALID -> "COMMAND_INVALID";
            case CHANNEL_ERROR -> "CHANNEL_ERROR";
            case UNEXPECTED_FRAME -> "UNEXPECTED_FRAME";
            case RESOURCE_ERROR -> "RESOURCE_ERROR";
            case NOT_ALLOWED -> "NOT_ALLOWED";
            case NOT_IMPLEMENTED -> "NOT_IMPLEMENTED";
            default -> "INTERNAL_ERROR";
        };
    }
}
