package dev.hotpath.collector.detect;

import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.stats.RouteWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an endpoint's latency and its wait share for one pool move with the service's concurrency,
 * measured per agent stats interval. Concurrency of an interval = the mean number of requests in
 * flight on that instance = the total time of the requests it completed / the interval's length
 * (Little's law), so nothing is sampled on the request path. The intervals are grouped into steps of
 * rising concurrency (equal numbers of intervals) and the rank correlations are taken over the steps'
 * request-weighted means: single intervals hold few requests and completions come in bursts, so
 * per-interval points are noisy. The pool-exhaustion signature is both correlations positive:
 * latency grows with concurrency while the wait share grows.
 *
 * @param steps the intervals grouped into up to {@value #MAX_STEPS} steps of rising concurrency
 */
public record ConcurrencySignature(int windows, Double spearmanLatency, Double spearmanWaitShare, List<Step> steps) {
    static final int MAX_STEPS = 8;

    /** One concurrency level: its mean in-flight requests, the endpoint's requests, mean and p95 latency, wait share. */
    public record Step(double concurrency, long requests, double meanLatencyMs, Double p95Ms, double waitShare) {
    }

    private record Point(double concurrency, RouteWindow window, double waitShare) {
    }

    static ConcurrencySignature of(List<RouteWindow> all, EndpointKey endpoint, String kind, String pool) {
        Map<String, Double> inFlight = new HashMap<>();
        for (RouteWindow w : all) {
            if (w.key().service().equals(endpoint.service())) {
                double seconds = Math.max(1, w.endMs() - w.startMs()) / 1000.0;
                inFlight.merge(intervalOf(w), w.totalNanos() / 1e9 / seconds, Double::sum);
            }
        }
        List<Point> points = new ArrayList<>();
        for (RouteWindow w : all) {
            if (w.key().equals(endpoint) && w.count() > 0 && w.totalNanos() > 0) {
                points.add(new Point(inFlight.get(intervalOf(w)), w, Numbers.ratio(w.waitNanos(kind, pool), w.totalNanos())));
            }
        }
        List<Step> steps = steps(points);
        double[] c = new double[steps.size()];
        double[] latency = new double[steps.size()];
        double[] share = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            c[i] = steps.get(i).concurrency();
            latency[i] = steps.get(i).meanLatencyMs();
            share[i] = steps.get(i).waitShare();
        }
        return new ConcurrencySignature(points.size(), rho(c, latency), rho(c, share), steps);
    }

    /** True when latency and wait share both rise with concurrency (rho >= 0.5 each). */
    boolean showsSaturation() {
        return spearmanLatency != null && spearmanWaitShare != null && spearmanLatency >= 0.5 && spearmanWaitShare >= 0.5;
    }

    private static String intervalOf(RouteWindow w) {
        return w.instance() + "@" + w.startMs() + "-" + w.endMs();
    }

    private static Double rho(double[] x, double[] y) {
        if (x.length < 4) {
            return null;
        }
        double r = RankCorrelation.spearman(x, y);
        return Double.isNaN(r) ? null : Numbers.round(r);
    }

    private static List<Step> steps(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::concurrency));
        int n = Math.min(MAX_STEPS, sorted.size());
        List<Step> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            List<Point> group = sorted.subList(s * sorted.size() / n, (s + 1) * sorted.size() / n);
            double concurrency = 0;
            long requests = 0;
            long totalNanos = 0;
            double waitNanos = 0;
            double p95Weighted = 0;
            long p95Requests = 0;
            for (Point p : group) {
                concurrency += p.concurrency();
                requests += p.window().count();
                totalNanos += p.window().totalNanos();
                waitNanos += p.waitShare() * p.window().totalNanos();
                if (p.window().p95Ms() != null) {
                    p95Weighted += p.window().p95Ms() * p.window().count();
                    p95Requests += p.window().count();
                }
            }
            out.add(new Step(Numbers.round(concurrency / group.size()), requests, Numbers.round(totalNanos / 1e6 / requests),
                    p95Requests == 0 ? null : Numbers.round(p95Weighted / p95Requests), Numbers.round(Numbers.ratio(waitNanos, totalNanos))));
        }
        return out;
    }
}
