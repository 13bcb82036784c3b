package dev.hotpath.agent.config;

import java.util.Map;

/** Resolved agent settings; every key, default and meaning is listed in README.md. */
public record AgentConfig(
        boolean enabled,
        String collector,
        String collectorToken,
        String serviceName,
        String instanceId,
        Map<String, String> resourceAttributes,
        double sampleRate,
        long sloMillis,
        int repeatThreshold,
        int maxSpansPerTrace,
        int exportQueueSpans,
        long exportTimeoutMillis,
        long statsIntervalMillis,
        long shutdownFlushMillis,
        int sqlCacheSize,
        int maxRoutes,
        int maxQueries,
        boolean jdbc,
        boolean servlet,
        boolean httpServer,
        boolean httpClient,
        boolean debug,
        long poolSampleMillis,
        JfrConfig jfr,
        boolean executor,
        dev.hotpath.agent.overload.OverloadConfig overload,
        long typeCacheIdleMillis) {

    /** Never print the token: this is what logs and toString show. */
    @Override
    public String toString() {
        return "AgentConfig[service=" + serviceName + ", collector=" + collector + ", token=" + (collectorToken == null ? "none" : "set") + "]";
    }
}
