package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkHttpClientSpansTest {

    private static LocalSpan span(String tracestate) {
        LocalTrace trace = new LocalTrace(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate),
                7, System.nanoTime(), 0);
        LocalSpan span = new LocalSpan(trace, SpanType.HTTP_CLIENT, 0x99L, 7, System.nanoTime());
        span.http = HttpCall.of("POST", URI.create("http://127.0.0.1:8080/orders/7"), 5);
        return span;
    }

    @Test
    void theCopyCarriesTraceContextAndEverythingTheRequestHad() {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("hello");
        HttpRequest original = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/orders/7?x=1"))
                .POST(body)
                .header("Accept", "application/json")
                .header("X-Multi", "a").header("X-Multi", "b")
                .timeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1)
                .expectContinue(true)
                .build();
        HttpRequest copy = (HttpRequest) JdkHttpClientSpans.withTraceContext(span("k=v"), original);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000099-01", copy.headers().firstValue("traceparent").orElseThrow());
        assertEquals("k=v", copy.headers().firstValue("tracestate").orElseThrow());
        assertEquals(original.uri(), copy.uri());
        assertEquals("POST", copy.method());
        assertSame(body, copy.bodyPublisher().orElseThrow(), "the same body publisher: nothing re-read");
        assertEquals(List.of("a", "b"), copy.headers().allValues("X-Multi"));
        assertEquals("application/json", copy.headers().firstValue("accept").orElseThrow());
        assertEquals(original.timeout(), copy.timeout());
        assertEquals(original.version(), copy.version());
        assertTrue(copy.expectContinue());
        assertTrue(original.headers().firstValue("traceparent").isEmpty(), "the application's request is untouched");
    }

    @Test
    void aRequestWithItsOwnTraceparentIsSentAsItIs() {
        HttpRequest own = HttpRequest.newBuilder(URI.create("http://h/x"))
                .header("traceparent", "00-11111111111111111111111111111111-2222222222222222-01").build();
        assertNull(JdkHttpClientSpans.withTraceContext(span(null), own));
        HttpRequest get = (HttpRequest) JdkHttpClientSpans.withTraceContext(span(null), HttpRequest.newBuilder(URI.create("http://h/x")).build());
        assertEquals("GET", get.method());
        assertTrue(get.headers().firstValue("tracestate").isEmpty());
    }

    @Test
    void anAsyncCallEndsWhenItsFutureCompletesOnAnotherThread() throws Exception {
        LocalSpan span = span(null);
        CompletableFuture<Object> future = new CompletableFuture<>();
        JdkHttpClientSpans.asyncExit(span, future, null);
        assertTrue(!span.http.done);
        Thread t = new Thread(() -> future.completeExceptionally(new CompletionException(new java.net.http.HttpTimeoutException("slow"))));
        t.start();
        t.join();
        assertTrue(span.http.done);
        assertEquals("java.net.http.HttpTimeoutException", span.http.errorType);
        assertEquals(0, span.http.status);

        LocalSpan refused = span(null);
        JdkHttpClientSpans.asyncExit(refused, null, new IllegalArgumentException("bad uri"));
        assertEquals("java.lang.IllegalArgumentException", refused.http.errorType, "thrown before any future existed");
    }
}
