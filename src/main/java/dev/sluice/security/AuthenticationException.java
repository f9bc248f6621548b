package dev.sluice.security;

/**
 * A login refused. The message is for the broker's log; clients get RabbitMQ's generic text so a
 * wrong user name and a wrong password look the same from outside.
 *
 * <p>Threading: immutable.
 */
public final class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String mechanism;

    public AuthenticationException(String mechanism, String message) {
        super(message, null, false, false);
        this.mechanism = mechanism;
    }

    /** The text sent to the client in connection.close 403. */
    public String clientText() {
        return "ACCESS_REFUSED - Login was refused using authentication mechanism " + mechanism
                + ". For details see the broker logfile.";
    }
}
