package dev.hotpath.agent.trace;

/**
 * What a task submitted in a request holds of that request: its trace while the request runs,
 * nothing once it has ended. A task that outlives its request (still queued, or never run, such as a
 * CompletableFuture stage completed synchronously) then keeps a few bytes alive, not the whole trace.
 */
final class RequestHandle {
    volatile LocalTrace trace;

    RequestHandle(LocalTrace trace) {
        this.trace = trace;
    }
}
