package dev.sluice;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a TCP port option, 0 to 65535 (0 asks for a free port), so that a bad value is reported
 * with the option's name.
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class PortConverter implements ITypeConverter<Integer> {
    private static final int HIGHEST_PORT = 65535;

    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port number");
        }
        if (port < 0 || port > HIGHEST_PORT) {
            throw new TypeConversionException("port " + port + " is outside 0-" + HIGHEST_PORT);
        }
        return port;
    }
}
