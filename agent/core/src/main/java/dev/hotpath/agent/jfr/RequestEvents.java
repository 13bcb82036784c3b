package dev.hotpath.agent.jfr;

import dev.hotpath.agent.trace.LocalTrace;

/** Called on the serving thread at the end of every request (after the keep decision). */
public interface RequestEvents {
    RequestEvents NONE = (trace, kept) -> { };

    void requestEnded(LocalTrace trace, boolean kept);
}
