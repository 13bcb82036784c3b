package dev.hotpath.agent.config;

import java.nio.file.Path;

/**
 * Settings of the continuous JFR recording (keys {@code jfr*} in README.md).
 *
 * @param dir                 bounded disk repository: finished chunks, and {@code outbox/} for other producers
 * @param maxBytes            bound of {@code dir}; the oldest files are deleted (and counted) beyond it
 * @param lockThresholdMillis monitor-enter and park events shorter than this are not recorded
 * @param samplePeriodMillis  execution-sample period (CPU samples of running Java threads)
 */
public record JfrConfig(boolean enabled, long periodMillis, Path dir, long maxBytes, long lockThresholdMillis,
                        long samplePeriodMillis) {
}
