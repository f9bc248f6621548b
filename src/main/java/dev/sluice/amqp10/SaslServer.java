package dev.sluice.amqp10;

import dev.sluice.security.AuthenticationException;
import dev.sluice.security.User;
import dev.sluice.security.UserRegistry;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;

/**
 * The server side of SASL for one connection: PLAIN against the {@link UserRegistry} (so
 * {@code guest} / {@code guest} works from loopback only), and ANONYMOUS only when an anonymous
 * user is configured. The outcome is {@code ok} or {@code auth}; a refused client is disconnected
 * after the outcome is written.
 *
 * <p>Threading: confined to the connection's event loop (proton-j calls it while processing input).
 */
final class SaslServer implements SaslListener {
    private static final System.Logger LOG = System.getLogger(SaslServer.class.getName());

    private final UserRegistry users;
    private final Optional<String> anonymousUser;
    private final SocketAddress remote;
    private User user;
    private boolean failed;

    SaslServer(UserRegistry users, Optional<String> anonymousUser, SocketAddress remote) {
        this.users = users;
        this.anonymousUser = anonymousUser;
        this.remote = remote;
    }

    /** Sets the mechanisms up on proton's SASL layer. */
    void install(Sasl sasl) {
        sasl.server();
        sasl.setMechanisms(anonymousUser.isPresent() ? new String[] {"PLAIN", "ANONYMOUS"} : new String[] {"PLAIN"});
        sasl.allowSkip(anonymousUser.isPresent());
        sasl.setListener(this);
    }

    /** The authenticated user; null before SASL succeeds. */
    User user() {
        return user;
    }

    boolean failed() {
        return failed;
    }

    /** The user of a client that skipped SASL, or null when anonymous access is off. */
    User anonymous() {
        return anonymousUser.map(users::user).orElse(null);
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        String mechanism = mechanisms.length == 0 ? "" : mechanisms[0];
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        user = switch (mechanism) {
            case "PLAIN" -> plain(response);
            case "ANONYMOUS" -> anonymous();
            default -> null;
        };
        if (user == null) {
            failed = true;
            LOG.log(System.Logger.Level.WARNING, "AMQP 1.0 login refused from {0} (mechanism {1})", remote, mechanism);
            sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
        } else {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }
    }

    private User plain(byte[] response) {
        int first = indexOfNul(response, 0);
        int second = first < 0 ? -1 : indexOfNul(response, first + 1);
        if (second < 0) {
            return null;
        }
        String name = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
        try {
            return users.authenticate("PLAIN", name, password, remote);
        } catch (AuthenticationException e) {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
            return null;
        }
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
    }
}
