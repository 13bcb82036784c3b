package dev.hotpath.agent.jfr;

import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.export.CollectorAnswer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code POST <collector>/v1/hotpath/jfr?service=&instance=&kind=[&start=&end=]} with the raw .jfr
 * bytes (application/octet-stream), the Bearer token when configured, and timeouts on connect and on
 * the whole exchange. The answer is classified like the span exporter's ({@link CollectorAnswer}).
 */
final class ChunkUploader {
    private final AgentConfig config;
    private final HttpClient client;

    ChunkUploader(AgentConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.min(config.exportTimeoutMillis(), 2000)))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Sends one file and says what the collector answered ({@link CollectorAnswer}: no answer and 429/502/503/504
     * are worth a retry, 413 never is); the request's timeout is at least 30 s (a chunk is bigger than a span batch)
     * but never beyond {@code maxMillis}.
     */
    CollectorAnswer upload(Path file, String kind, long maxMillis) throws InterruptedException {
        StringBuilder url = new StringBuilder(config.collector()).append("/v1/hotpath/jfr")
                .append("?service=").append(enc(config.serviceName()))
                .append("&instance=").append(enc(config.instanceId()))
                .append("&kind=").append(enc(kind));
        long[] window = windowOf(file.getFileName().toString());
        if (window != null) {
            url.append("&start=").append(window[0]).append("&end=").append(window[1]);
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url.toString()))
                    .timeout(Duration.ofMillis(Math.max(1, Math.min(maxMillis, Math.max(config.exportTimeoutMillis(), 30_000)))))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            return new CollectorAnswer(CollectorAnswer.Outcome.REJECTED, 0, -1, "chunk file gone: " + file.getFileName());
        }
        if (config.collectorToken() != null) {
            request.header("Authorization", "Bearer " + config.collectorToken());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return CollectorAnswer.noAnswer(e.toString()); // refused, reset, or no answer within the timeout
        }
        CollectorAnswer answer = CollectorAnswer.classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
        String body = response.body() == null ? "" : response.body().trim();
        if (answer.outcome() == CollectorAnswer.Outcome.OK || body.isEmpty()) {
            return answer;
        }
        return new CollectorAnswer(answer.outcome(), answer.status(), answer.retryAfterMs(), answer.detail() + ": " + oneLine(body));
    }

    /** {@code continuous-<startMs>-<endMs>.jfr} -> {start, end}; null for other names. */
    static long[] windowOf(String fileName) {
        String prefix = ChunkRepository.CONTINUOUS + "-";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".jfr")) {
            return null;
        }
        String[] parts = fileName.substring(prefix.length(), fileName.length() - 4).split("-");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
