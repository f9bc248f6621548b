package dev.sluice.cli;

import picocli.CommandLine.Option;

/**
 * {@code --vhost}, for the commands that work in one virtual host.
 *
 * <p>Threading: filled by picocli on the main thread.
 */
public final class VhostOption {
    @Option(names = "--vhost", paramLabel = "VHOST", defaultValue = "/", description = "Vhost (default: ${DEFAULT-VALUE}).")
    String vhost;

    /** The vhost as one path segment. */
    String segment() {
        return ApiClient.segment(vhost);
    }
}
