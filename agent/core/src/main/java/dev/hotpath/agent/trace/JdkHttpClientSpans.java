package dev.hotpath.agent.trace;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * {@code java.net.http.HttpClient} calls. Kept apart from {@link HttpClientSpans} so a runtime
 * without the {@code java.net.http} module never loads it.
 *
 * <p>An {@code HttpRequest} is immutable and the JDK copies it into internal classes whose shape
 * differs between releases; the public {@code HttpRequest.newBuilder(HttpRequest, BiPredicate)}
 * (JDK 16+) copies uri, method, body publisher, headers, timeout, version and expect-continue, so
 * the client is handed that copy with the trace context added. The javadoc of
 * {@code HttpResponse.request()} allows the response to name a request other than the one passed.
 */
final class JdkHttpClientSpans {
    private static final BiPredicate<String, String> ALL_HEADERS = (name, value) -> true;

    private JdkHttpClientSpans() {
    }

    static Object enter(HttpClientSpans spans, LocalTrace trace, Object request) {
        if (!(request instanceof HttpRequest r)) {
            return null;
        }
        long bodySize = r.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(-1L);
        return spans.start(trace, HttpCall.of(r.method(), r.uri(), bodySize));
    }

    /** A copy of the request carrying trace context, or null to send it as it is. */
    static Object withTraceContext(Object token, Object request) {
        LocalSpan span = (LocalSpan) token;
        HttpRequest r = (HttpRequest) request;
        HttpHeaders headers = r.headers();
        OutgoingTraceContext context = OutgoingTraceContext.decide(span.trace, span.spanId,
                headers.firstValue(OutgoingTraceContext.TRACEPARENT).orElse(null),
                headers.firstValue(OutgoingTraceContext.TRACESTATE).orElse(null));
        if (context == null) {
            return null;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(r, ALL_HEADERS)
                .setHeader(OutgoingTraceContext.TRACEPARENT, context.traceparent());
        if (context.tracestate() != null) {
            copy.setHeader(OutgoingTraceContext.TRACESTATE, context.tracestate());
        }
        return copy.build();
    }

    static void exit(Object token, Object response, Throwable error) {
        LocalSpan span = (LocalSpan) token;
        if (response instanceof HttpResponse<?> r) {
            HttpClientSpans.end(span, r.statusCode(), r.headers().firstValueAsLong("content-length").orElse(-1L), null);
        } else {
            HttpClientSpans.end(span, 0, -1, error);
        }
    }

    static void asyncExit(Object token, Object future, Throwable error) {
        if (error != null || !(future instanceof CompletableFuture<?> f)) {
            exit(token, null, error);
            return;
        }
        f.whenComplete(new Completion((LocalSpan) token));
    }

    /** Ends the span on whichever thread completes the response future; must stay cheap and never throw. */
    private static final class Completion implements BiConsumer<Object, Throwable> {
        private final LocalSpan span;

        Completion(LocalSpan span) {
            this.span = span;
        }

        @Override
        public void accept(Object response, Throwable error) {
            try {
                exit(span, response, error);
            } catch (Throwable ignored) {
                // never into the client's executor
            }
        }
    }
}
