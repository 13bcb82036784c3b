package dev.hotpath.examples.load;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** Relative weights of the endpoints; each arrival picks one endpoint with probability weight / total. */
public record RequestMix(Map<Endpoint, Integer> weights) {

    /** 35% N+1 orders, 35% fixed orders, 10% product, 10% customer, 10% POST /orders. */
    public static final RequestMix DEFAULT = parse(
            "customer-orders=35,customer-orders-fixed=35,product=10,customer=10,create-order=10");

    /**
     * Every labelled bottleneck of the shop and its control, for a concurrency sweep (the shop needs
     * {@code --pricing}): the pool and dependency endpoints at equal weights, the N+1 pair lighter.
     */
    public static final RequestMix SWEEP = parse("customer-orders=6,customer-orders-fixed=6,product=3,customer=3,create-order=2,"
            + "report=10,report-fixed=10,quote=10,quote-fixed=10,cart=10,cart-fixed=10,recommendation=10,recommendation-fixed=10");

    /** The pool and dependency endpoints only, each with its control (the end-to-end test's mix). */
    public static final RequestMix DEPENDENCIES = parse("report=1,report-fixed=1,quote=1,quote-fixed=1,cart=1,cart-fixed=1,"
            + "recommendation=1,recommendation-fixed=1");

    public RequestMix {
        EnumMap<Endpoint, Integer> copy = new EnumMap<>(Endpoint.class);
        int total = 0;
        for (Map.Entry<Endpoint, Integer> e : weights.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("negative weight for " + e.getKey().key());
            }
            if (e.getValue() > 0) {
                copy.put(e.getKey(), e.getValue());
                total += e.getValue();
            }
        }
        if (total <= 0) {
            throw new IllegalArgumentException("the mix needs at least one positive weight");
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /** A named mix ({@code default}, {@code sweep}, {@code dependencies}) or a spec for {@link #parse}. */
    public static RequestMix named(String nameOrSpec) {
        switch (nameOrSpec) {
            case "default": return DEFAULT;
            case "sweep": return SWEEP;
            case "dependencies": return DEPENDENCIES;
            default: return parse(nameOrSpec);
        }
    }

    /** Parses {@code key=weight,key=weight}, e.g. {@code customer-orders=50,customer-orders-fixed=50}. */
    public static RequestMix parse(String spec) {
        EnumMap<Endpoint, Integer> weights = new EnumMap<>(Endpoint.class);
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("bad mix entry '" + part + "', expected key=weight");
            }
            try {
                weights.merge(Endpoint.byKey(kv[0].trim()), Integer.parseInt(kv[1].trim()), Integer::sum);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad weight in mix entry '" + part + "'");
            }
        }
        return new RequestMix(weights);
    }

    public int totalWeight() {
        int total = 0;
        for (int w : weights.values()) {
            total += w;
        }
        return total;
    }

    public Endpoint pick(Random random) {
        int ticket = random.nextInt(totalWeight());
        for (Map.Entry<Endpoint, Integer> e : weights.entrySet()) {
            ticket -= e.getValue();
            if (ticket < 0) {
                return e.getKey();
            }
        }
        throw new AssertionError("unreachable");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Endpoint, Integer> e : weights.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey().key()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
