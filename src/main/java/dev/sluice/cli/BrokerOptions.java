package dev.sluice.cli;

import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running broker shares: where its management API is,
 * who to log in as, and whether to print JSON for scripts instead of tables for people.
 *
 * <p>Threading: filled by picocli on the main thread.
 */
public final class BrokerOptions {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:15672",
            description = "The broker's management API (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "guest",
            description = "User to log in as; needs a management tag (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "guest",
            description = "Password (default: ${DEFAULT-VALUE}).")
    String password;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    ApiClient client() {
        return new ApiClient(url, user, password);
    }
}
