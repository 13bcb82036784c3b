package dev.hotpath.examples.load;

import dev.hotpath.examples.shop.SeedShape;

import java.net.URI;
import java.time.Duration;

/**
 * What to run: an open-model schedule (rate ramps linearly 0 -> {@code ratePerSecond} over {@code rampUp}, holds for
 * {@code steady}, ramps back to 0 over {@code rampDown}) against a loopback target.
 *
 * @param maxInFlight  requests due while this many are outstanding are dropped by the driver (and counted)
 * @param drainTimeout how long to wait for outstanding requests after the last one is sent
 * @param customers    customer ids are drawn uniformly from 1..customers
 * @param products     product ids are drawn uniformly from 1..products
 * @param steps        1: a steady rate; more: the steady phase is a sweep of equal steps at R/steps .. R
 * @param path         null, or the GET path of {@link Endpoint#PATH} (any service: {@code {id}} becomes an id in
 *                     1..customers), e.g. {@code /accounts/{id}/statement}
 */
public record LoadPlan(URI target, double ratePerSecond, Duration rampUp, Duration steady, Duration rampDown,
                       int maxInFlight, long seed, RequestMix mix, Duration drainTimeout, Duration requestTimeout,
                       int customers, int products, int steps, String path) {

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public LoadPlan {
        if (target == null || target.getHost() == null) {
            throw new IllegalArgumentException("target must be an absolute http URL");
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be > 0");
        }
        if (rampUp.isNegative() || steady.isNegative() || rampDown.isNegative()
                || rampUp.plus(steady).plus(rampDown).isZero()) {
            throw new IllegalArgumentException("phase durations must be >= 0 and not all zero");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max-in-flight must be >= 1");
        }
        if (drainTimeout.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1");
        }
        if (customers < 1 || products < 1) {
            throw new IllegalArgumentException("id ranges must be >= 1");
        }
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("--path must start with /, got '" + path + "'");
        }
        if ((path != null) != mix.weights().containsKey(Endpoint.PATH)) {
            throw new IllegalArgumentException("a --path needs the mix 'path=1', and only it");
        }
    }

    /** A plan with the defaults: 200 in flight, seed 42, the default mix, 10 s drain, the shop's seeded id ranges. */
    public static LoadPlan of(URI target, double ratePerSecond, Duration rampUp, Duration steady, Duration rampDown) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, 200, 42L, RequestMix.DEFAULT,
                DEFAULT_DRAIN_TIMEOUT, DEFAULT_DRAIN_TIMEOUT,
                SeedShape.DEFAULT.customers(), SeedShape.DEFAULT.products(), 1, null);
    }

    public LoadPlan withMaxInFlight(int value) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, value, seed, mix, drainTimeout,
                requestTimeout, customers, products, steps, path);
    }

    public LoadPlan withSeed(long value) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, maxInFlight, value, mix, drainTimeout,
                requestTimeout, customers, products, steps, path);
    }

    public LoadPlan withMix(RequestMix value) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, maxInFlight, seed, value, drainTimeout,
                requestTimeout, customers, products, steps, path);
    }

    public LoadPlan withDrainTimeout(Duration value) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, maxInFlight, seed, mix, value,
                requestTimeout, customers, products, steps, path);
    }

    /** Splits the steady phase into a concurrency sweep of {@code value} equal steps of rising rate. */
    public LoadPlan withSteps(int value) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, maxInFlight, seed, mix, drainTimeout,
                requestTimeout, customers, products, value, path);
    }

    /** Every request is {@code GET path}, {@code {id}} drawn uniformly from 1..ids: drives any service, not only the shop. */
    public LoadPlan withPath(String value, int ids) {
        return new LoadPlan(target, ratePerSecond, rampUp, steady, rampDown, maxInFlight, seed,
                RequestMix.parse(Endpoint.PATH.key() + "=1"), drainTimeout, requestTimeout, ids, products, steps, value);
    }

    /** The route reported for an endpoint: the {@code --path} template for {@link Endpoint#PATH}. */
    public String routeOf(Endpoint endpoint) {
        return endpoint == Endpoint.PATH ? path : endpoint.route();
    }

    public Duration scheduleDuration() {
        return rampUp.plus(steady).plus(rampDown);
    }
}
