package dev.sluice.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Salted password hashes in RabbitMQ's {@code rabbit_password_hashing_sha256} form, so hashes from
 * a RabbitMQ {@code definitions.json} work here: base64 of a 4-byte salt followed by
 * SHA-256(salt ‖ UTF-8 password). Passwords are never kept in plain text.
 *
 * <p>Threading: immutable; {@link #create} uses a caller-supplied random source.
 */
public final class PasswordHash {
    private static final int SALT_BYTES = 4;
    private final byte[] salted;

    private PasswordHash(byte[] salted) {
        this.salted = salted;
    }

    /** Parses a stored hash; refuses text that is not base64 of salt plus a SHA-256 digest. */
    public static PasswordHash parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash is not base64: " + e.getMessage());
        }
        if (bytes.length != SALT_BYTES + 32) {
            throw new IllegalArgumentException("password hash must decode to 36 bytes (4 salt + 32 SHA-256), got "
                    + bytes.length);
        }
        return new PasswordHash(bytes);
    }

    /** Hashes {@code password} with a fresh salt. */
    public static PasswordHash create(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(concat(salt, digest(salt, password)));
    }

    /** True when {@code password} hashes to this value (compared in constant time). */
    public boolean matches(String password) {
        byte[] salt = Arrays.copyOf(salted, SALT_BYTES);
        byte[] expected = Arrays.copyOfRange(salted, SALT_BYTES, salted.length);
        return MessageDigest.isEqual(expected, digest(salt, password));
    }

    /** The stored form. */
    public String encoded() {
        return Base64.getEncoder().encodeToString(salted);
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return encoded();
    }
}
