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

    CollectorAnswer send(List<SpanData> spans) throws InterruptedException {
        byte[] body;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * spans.size());
            TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
            body = bytes.toByteArray();
        } catch (IOException e) {
            return new CollectorAnswer(CollectorAnswer.Outcome.REJECTED, 0, -1, "could not encode spans: " + e); // would fail again: no retry
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
            return CollectorAnswer.noAnswer("no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            return CollectorAnswer.noAnswer(String.valueOf(e.getCause())); // refused, reset, timed out
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
        return CollectorAnswer.classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
    }
}
