package dev.hotpath.agent.pools;

/** What a sampled pool holds; {@link #wireName} is its name on the wire (collector/WIRE.md). */
public enum PoolKind {
    THREAD("thread"),
    CONNECTION("connection");

    public final String wireName;

    PoolKind(String wireName) {
        this.wireName = wireName;
    }
}
