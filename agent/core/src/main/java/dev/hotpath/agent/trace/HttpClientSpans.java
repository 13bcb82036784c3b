package dev.hotpath.agent.trace;

import java.net.HttpURLConnection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Client spans for outbound HTTP, on the thread of the recorded request: a span is attached to the
 * request's trace when the call starts (so only the owning thread touches the trace) and its end
 * is published through {@link HttpCall}. Outside a recorded request nothing is recorded and no
 * header is added; that also keeps the agent's own export calls (on its own threads) untraced.
 */
public final class HttpClientSpans {
    private static final int MAX_CONNECTIONS = 10_000;
    /** Map value for a connection whose call has ended: later status reads must not start a new span. */
    private static final LocalSpan ENDED = new LocalSpan(null, SpanType.HTTP_CLIENT, 0, 0, 0);

    private final RequestRecorder recorder;
    private final WeakIdentityMap<LocalSpan> connections = new WeakIdentityMap<>(MAX_CONNECTIONS);
    /** Library call objects (OkHttp's Call) whose span ends later, on whichever thread gets the answer. */
    private final WeakIdentityMap<LocalSpan> pendingCalls = new WeakIdentityMap<>(MAX_CONNECTIONS);

    HttpClientSpans(RequestRecorder recorder) {
        this.recorder = recorder;
    }

    /** A client span under the request's root span, or null when the trace is at its span limit. */
    LocalSpan start(LocalTrace trace, HttpCall call) {
        LocalSpan span = new LocalSpan(trace, SpanType.HTTP_CLIENT, Ids.nonZero(), trace.root.spanId, System.nanoTime());
        span.http = call;
        return recorder.attach(trace, span) ? span : null;
    }

    static void end(LocalSpan span, int status, long responseBodySize, Throwable error) {
        span.http.end(System.nanoTime(), status, responseBodySize, error == null ? null : errorType(error));
    }

    /** The exception class, looking through the wrappers futures add. */
    static String errorType(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getName();
    }

    // --- java.net.HttpURLConnection ------------------------------------------------------------
    // Its methods call each other (getInputStream -> connect, getResponseCode -> getInputStream);
    // the hooks' call-depth guard gives one outermost call, and the state per connection object
    // makes one span of connect .. getOutputStream .. getInputStream.

    Object urlConnectionEnter(LocalTrace trace, Object connection) {
        if (trace == null || !(connection instanceof HttpURLConnection c)) {
            return null;
        }
        LocalSpan known = connections.get(c);
        if (known != null) {
            return known == ENDED || known.http.done ? null : known;
        }
        LocalSpan span = start(trace, HttpCall.of(c.getRequestMethod(), c.getURL(), -1));
        if (span == null) {
            return null;
        }
        connections.put(c, span);
        try {
            OutgoingTraceContext context = OutgoingTraceContext.decide(trace, span.spanId,
                    c.getRequestProperty(OutgoingTraceContext.TRACEPARENT), c.getRequestProperty(OutgoingTraceContext.TRACESTATE));
            if (context != null) {
                c.setRequestProperty(OutgoingTraceContext.TRACEPARENT, context.traceparent());
                if (context.tracestate() != null) {
                    c.setRequestProperty(OutgoingTraceContext.TRACESTATE, context.tracestate());
                }
            }
        } catch (IllegalStateException alreadyConnected) {
            // connected before this request was recorded: too late for headers, the span still counts
        }
        return span;
    }

    void urlConnectionExit(Object token, Object connection, Throwable error, boolean responseRead) {
        LocalSpan span = (LocalSpan) token;
        HttpURLConnection c = (HttpURLConnection) connection;
        if (responseRead) {
            // The connection caches its status and remembers a failure, so this does no new I/O;
            // an HTTP error status makes getInputStream throw, yet the call itself got its answer.
            int status = -1;
            try {
                status = c.getResponseCode();
            } catch (Throwable noStatusLine) {
                // transport failure: recorded through error below
            }
            if (status > 0) {
                end(span, status, c.getContentLengthLong(), null);
            } else {
                span.http.end(System.nanoTime(), 0, -1, error != null ? errorType(error) : "_OTHER");
            }
        } else if (error != null) {
            end(span, 0, -1, error); // connect or getOutputStream failed: no response will come
        }
        if (span.http.done) {
            connections.put(c, ENDED); // drop the trace reference; the connection object may live on
        }
    }

    // --- client libraries (Apache HttpClient 5, OkHttp) ------------------------------------------
    // Their classes belong to the application, so the advice reads the request and passes plain
    // values; the trace context it is to set is decided once, here, against the headers it had.

    /** A span started by {@link #libraryEnter} and the header values the advice is to set (context null: none). */
    record LibraryCall(LocalSpan span, OutgoingTraceContext context) {
    }

    LibraryCall libraryEnter(LocalTrace trace, String method, String scheme, String host, int port, String path,
                             long requestBodySize, String traceparent, String tracestate) {
        if (trace == null) {
            return null;
        }
        LocalSpan span = start(trace, new HttpCall(method, scheme, host, port, path, requestBodySize));
        if (span == null) {
            return null;
        }
        return new LibraryCall(span, OutgoingTraceContext.decide(trace, span.spanId, traceparent, tracestate));
    }

    static String libraryHeader(Object token, boolean tracestate) {
        OutgoingTraceContext context = ((LibraryCall) token).context();
        if (context == null) {
            return null;
        }
        return tracestate ? context.tracestate() : context.traceparent();
    }

    static void libraryExit(Object token, int status, long responseBodySize, Throwable error) {
        LocalSpan span = ((LibraryCall) token).span();
        if (status > 0) {
            end(span, status, responseBodySize, null);
        } else {
            span.http.end(System.nanoTime(), 0, -1, error != null ? errorType(error) : "_OTHER");
        }
    }

    /** The span goes on until the call object gets its answer ({@link #libraryCallEnd}). */
    void libraryPending(Object token, Object call, Throwable error) {
        if (call == null || error != null) {
            libraryExit(token, 0, -1, error);
            return;
        }
        pendingCalls.put(call, ((LibraryCall) token).span());
    }

    void libraryCallEnd(Object call, int status, long responseBodySize, Throwable error) {
        LocalSpan span = pendingCalls.remove(call);
        if (span != null) {
            libraryExit(new LibraryCall(span, null), status, responseBodySize, error);
        }
    }
}
