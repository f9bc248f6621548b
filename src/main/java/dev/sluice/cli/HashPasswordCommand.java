package dev.sluice.cli;

import dev.sluice.security.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice hash-password}: prints a salted hash of a password in RabbitMQ's SHA-256 form, for
 * {@code password-hash} in {@code sluice.yaml} (and {@code password_hash} in definitions.json).
 * The password is asked for without echo on a terminal, else read as the first line of standard
 * input; {@code --password} exists for scripts but leaves the password in the shell history.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Print a salted SHA-256 hash of a password for password-hash in sluice.yaml.")
public final class HashPasswordCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "The password (default: asked for, or the first line of standard input).")
    private String password;

    @Override
    public Integer call() throws IOException {
        String plain = password != null ? password : readPassword();
        if (plain == null || plain.isEmpty()) {
            throw new CliException("no password given");
        }
        spec.commandLine().getOut().println(PasswordHash.create(plain, new SecureRandom()).encoded());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("password: ");
            return typed == null ? null : new String(typed);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return in.readLine();
    }
}
