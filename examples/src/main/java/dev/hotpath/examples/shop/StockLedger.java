package dev.hotpath.examples.shop;

import java.util.HashMap;
import java.util.Map;

/**
 * The labelled lock contention: one ledger for the whole shop, every reservation inside
 * {@code synchronized}, and the "audit" (a few ms of waiting on I/O, simulated) inside the critical
 * section. Under concurrent requests they queue on this monitor. {@link #reserveUnshared} is the
 * control: the same work on a per-request ledger, nothing shared.
 */
public final class StockLedger {
    static final long AUDIT_MILLIS = 10;

    private final Map<Integer, Integer> reserved = new HashMap<>();

    /** Shared: the audit runs while the monitor is held. */
    public synchronized int reserve(int sku) throws InterruptedException {
        audit();
        return reserved.merge(sku, 1, Integer::sum);
    }

    /** Control: the same audit and update on a ledger of this request's own. */
    public static int reserveUnshared(int sku) throws InterruptedException {
        StockLedger own = new StockLedger();
        synchronized (own) {
            own.audit();
            return own.reserved.merge(sku, 1, Integer::sum);
        }
    }

    private void audit() throws InterruptedException {
        Thread.sleep(AUDIT_MILLIS);
    }
}
