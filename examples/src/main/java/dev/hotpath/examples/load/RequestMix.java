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
