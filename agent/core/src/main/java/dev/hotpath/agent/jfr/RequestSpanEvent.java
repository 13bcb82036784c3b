package dev.hotpath.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One inbound request, committed on the serving thread when it ends. The event's own time is the end
 * of the request in JFR's clock; {@code durationNanos} reaches back to its start. The collector maps
 * (thread, time) of lock, park, GC and sample events to requests with it, then to trace ids. Ids are
 * longs, not hex strings, so committing allocates nothing.
 */
@Name(RequestSpanEvent.NAME)
@Label("hotpath request")
@Category("hotpath")
@Description("An inbound request served on this thread: trace and span id, route, whether its trace was kept")
@StackTrace(false)
final class RequestSpanEvent extends jdk.jfr.Event {
    static final String NAME = "dev.hotpath.RequestSpan";

    @Label("Trace id, high 64 bits")
    long traceIdHigh;

    @Label("Trace id, low 64 bits")
    long traceIdLow;

    @Label("Span id of the request's server span")
    long spanId;

    @Label("HTTP method")
    String method;

    @Label("Route")
    String route;

    @Label("Trace kept (exported to the collector)")
    boolean kept;

    @Label("Request start, nanoseconds since the epoch (agent clock)")
    long startEpochNanos;

    @Label("Request duration")
    @Timespan(Timespan.NANOSECONDS)
    long durationNanos;
}
