package dev.hotpath.examples.shop;

/** How the connection pool reaches the in-memory database. */
public enum DbTransport {
    /** {@code jdbc:h2:tcp://127.0.0.1:<port>/mem:shop}: one loopback round trip per statement, like a real server. */
    TCP,
    /** {@code jdbc:h2:mem:shop}: in-process calls; statements are nearly free, which hides the N+1 cost. */
    EMBEDDED
}
