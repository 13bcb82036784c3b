package dev.hotpath.agent.export;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One OTLP/HTTP protobuf POST of a span batch, bounded as a whole by the export timeout (connect, headers
 * and body: a collector that accepts and never answers costs one timeout, then the call is cancelled).
 *
 * <p>Why our own sender rather than the SDK's {@code OtlpHttpSpanExporter}: its result is only success or
 * failure, so it cannot tell a 413 (split the batch) from a 503 with {@code Retry-After} (wait, retry) from a
 * 400 (never retry). The body is still the SDK's marshaler (an internal class of a version we pin and shade).
 */
final class OtlpSpanSender {
    /** What the collector said, reduced to what the exporter decides on. */
    enum Outcome { OK, RETRYABLE, TOO_LARGE, REJECTED }

    record Result(Outcome outcome, int status, long retryAfterMs, String detail) {
    }

    private final URI endpoint;
    private final String token;
    private final long timeoutMillis;
    private final HttpClient client;

    OtlpSpanSender(String collector, String token, long timeoutMillis) {
        this.endpoint = URI.create(collector + "/v1/traces");
        this.token = token;
        this.timeoutMillis = timeoutMillis;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.min(timeoutMillis, 2000)))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Result send(List<SpanData> spans) throws InterruptedException {
        byte[] body;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * spans.size());
            TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
            body = bytes.toByteArray();
        } catch (IOException e) {
            return new Result(Outcome.REJECTED, 0, -1, "could not encode spans: " + e); // would fail again: no retry
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        CompletableFuture<HttpResponse<Void>> call = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> response;
        try {
            response = call.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Result(Outcome.RETRYABLE, 0, -1, "no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            return new Result(Outcome.RETRYABLE, 0, -1, String.valueOf(e.getCause())); // refused, reset, timed out
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
        return classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
    }

    /** 2xx ok; 429, 502, 503, 504 retryable (OTLP/HTTP spec); 413 too large; any other answer is final. */
    static Result classify(int status, String retryAfter) {
        if (status / 100 == 2) {
            return new Result(Outcome.OK, status, -1, "HTTP " + status);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new Result(Outcome.RETRYABLE, status, ExportBackoff.parseRetryAfterMs(retryAfter), "HTTP " + status);
        }
        if (status == 413) {
            return new Result(Outcome.TOO_LARGE, status, -1, "HTTP 413");
        }
        return new Result(Outcome.REJECTED, status, -1, "HTTP " + status);
    }
}
