package dev.sluice.amqp091;

import static dev.sluice.amqp091.codec.ReplyCodes.*;

/**
 * What the AMQP 0-9-1 reply codes ({@link dev.sluice.amqp091.codec.ReplyCodes}) mean for a
 * connection: which of them are hard errors (close the connection) rather than
 * soft ones (close the channel), as the specification and RabbitMQ classify them.
 *
 * <p>Threading: stateless.
 */
public final class ReplyCode {
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
