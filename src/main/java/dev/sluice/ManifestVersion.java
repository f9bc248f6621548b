package dev.sluice;

import picocli.CommandLine.IVersionProvider;

/**
 * Answers {@code --version} from the {@code Implementation-Version} of the jar's manifest, or
 * {@code dev} when the classes do not come from a built jar.
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class ManifestVersion implements IVersionProvider {

    /** The version of the running Sluice, {@code dev} outside a built jar. */
    public static String current() {
        String version = ManifestVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sluice " + current()};
    }
}
