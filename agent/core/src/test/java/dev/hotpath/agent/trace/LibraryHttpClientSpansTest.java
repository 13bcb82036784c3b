package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-value path the Apache HttpClient 5 and OkHttp advice use. */
class LibraryHttpClientSpansTest {

    private static HttpClientSpans.LibraryCall call(String existingTraceparent, String tracestate) {
        LocalTrace trace = new LocalTrace(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate),
                7, System.nanoTime(), 0);
        LocalSpan span = new LocalSpan(trace, SpanType.HTTP_CLIENT, 0x99L, 7, System.nanoTime());
        span.http = new HttpCall("GET", "http", "127.0.0.1", -1, "/orders/7?x=1", -1);
        return new HttpClientSpans.LibraryCall(span,
                OutgoingTraceContext.decide(trace, span.spanId, existingTraceparent, null));
    }

    @Test
    void headersAreDecidedOnceAgainstWhatTheRequestHad() {
        HttpClientSpans.LibraryCall fresh = call(null, "k=v");
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000099-01", HttpClientSpans.libraryHeader(fresh, false));
        assertEquals("k=v", HttpClientSpans.libraryHeader(fresh, true));
        assertEquals("/orders/{id}", fresh.span().http.urlTemplate);
        assertEquals(80, fresh.span().http.serverPort);
        HttpClientSpans.LibraryCall own = call("00-11111111111111111111111111111111-2222222222222222-01", "k=v");
        assertNull(HttpClientSpans.libraryHeader(own, false), "the application's own traceparent is left alone");
        assertNull(HttpClientSpans.libraryHeader(own, true));
    }

    @Test
    void endsWithStatusOrError() {
        HttpClientSpans.LibraryCall ok = call(null, null);
        HttpClientSpans.libraryExit(ok, 503, 12, null);
        assertEquals(503, ok.span().http.status);
        assertEquals("503", ok.span().http.errorType);
        HttpClientSpans.LibraryCall refused = call(null, null);
        HttpClientSpans.libraryExit(refused, 0, -1, new ConnectException("refused"));
        assertEquals(0, refused.span().http.status);
        assertEquals("java.net.ConnectException", refused.span().http.errorType);
    }

    @Test
    void aPendingCallEndsOnceWhenItsAnswerComesOnAnotherThread() throws Exception {
        HttpClientSpans spans = new HttpClientSpans(null);
        HttpClientSpans.LibraryCall token = call(null, null);
        Object okhttpCall = new Object();
        spans.libraryPending(token, okhttpCall, null);
        assertFalse(token.span().http.done);
        spans.libraryCallEnd(new Object(), 500, -1, null); // some other call: ignored
        Thread t = new Thread(() -> spans.libraryCallEnd(okhttpCall, 201, 3, null));
        t.start();
        t.join();
        assertTrue(token.span().http.done);
        assertEquals(201, token.span().http.status);
        spans.libraryCallEnd(okhttpCall, 500, -1, null); // a subclass callback calling super: no second end
        assertEquals(201, token.span().http.status);

        HttpClientSpans.LibraryCall failed = call(null, null);
        spans.libraryPending(failed, null, new IllegalStateException("closed"));
        assertEquals("java.lang.IllegalStateException", failed.span().http.errorType, "no call object: the span ends now");
    }
}
