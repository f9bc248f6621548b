package dev.sluice;

import dev.sluice.config.ServerConfig;
import dev.sluice.core.alarm.ResourceSettings;

/**
 * Turns the configuration file's {@code server.limits} into the alarms' settings: an absolute
 * memory limit wins over a fraction of the maximum heap; what the file leaves out keeps
 * RabbitMQ's defaults.
 *
 * <p>Threading: stateless.
 */
final class ResourceLimitsMapping {
    private ResourceLimitsMapping() {
    }

    static ResourceSettings toSettings(ServerConfig.ResourceLimits limits) {
        ResourceSettings settings = ResourceSettings.defaults();
        if (limits.memoryBytes().isPresent()) {
            settings = settings.withMemoryHighWatermarkBytes(limits.memoryBytes().get());
        } else if (limits.memoryFraction().isPresent()) {
            long bytes = (long) (Runtime.getRuntime().maxMemory() * limits.memoryFraction().get());
            settings = settings.withMemoryHighWatermarkBytes(Math.max(1, bytes));
        }
        if (limits.diskFreeBytes().isPresent()) {
            settings = settings.withDiskFreeLimitBytes(limits.diskFreeBytes().get());
        }
        return settings;
    }
}
