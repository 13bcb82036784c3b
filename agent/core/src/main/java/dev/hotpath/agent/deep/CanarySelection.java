package dev.hotpath.agent.deep;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Is this instance a canary? An explicit {@code deep.canary} wins; otherwise
 * {@code deep.canary.fraction} picks instances whose instance-id hash falls below the fraction. The
 * hash is SHA-256 (not String.hashCode) so the same id is chosen by every JVM version and by tools in
 * other languages; the choice is stable only when {@code service.instance.id} is (the default id has
 * a random part per start).
 */
public final class CanarySelection {
    private CanarySelection() {
    }

    /** A decision and the reason logged with it. */
    public record Decision(boolean canary, String reason) {
    }

    public static Decision decide(DeepConfig config, String instanceId) {
        if (config.canary() != null) {
            return new Decision(config.canary(), "deep.canary=" + config.canary());
        }
        if (config.canaryFraction() <= 0) {
            return new Decision(false, "neither deep.canary=true nor deep.canary.fraction is set");
        }
        double position = position(instanceId);
        boolean chosen = position < config.canaryFraction();
        return new Decision(chosen, String.format(java.util.Locale.ROOT,
                "instance id '%s' hashes to %.4f, %s deep.canary.fraction=%s", instanceId, position,
                chosen ? "below" : "not below", config.canaryFraction()));
    }

    /** Where the id falls in [0, 1): the first 53 bits of SHA-256(id) as a fraction. */
    static double position(String instanceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(instanceId.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
