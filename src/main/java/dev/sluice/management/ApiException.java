package dev.sluice.management;

/**
 * A request the API refuses, with the HTTP status and a reason the client can act on. The body
 * sent is RabbitMQ's shape: {@code {"error": ..., "reason": ...}}.
 *
 * <p>Threading: immutable.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public ApiException(int status, String error, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, "bad_request", reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(404, "Object Not Found", reason);
    }

    public static ApiException forbidden(String reason) {
        return new ApiException(403, "not_authorised", reason);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
