package dev.hotpath.examples.shop.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A shipping quote from {@value #TASKS} carrier rates computed in parallel on a worker pool; each rate
 * takes {@value #RATE_MS} ms (a blocking call to a carrier). {@code GET /quotes/{id}} (the labelled
 * thread-pool exhaustion) uses a pool of 2 workers shared by all requests, so under concurrency the
 * tasks queue; {@code GET /quotes-fixed/{id}} (its control) uses a pool sized for the load. A full
 * queue answers 503.
 */
public final class QuoteServlet extends HttpServlet {
    static final int TASKS = 3;
    static final long RATE_MS = 80;

    private final transient ExecutorService workers;

    public QuoteServlet(ExecutorService workers) {
        this.workers = workers;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        int id = IdRequest.id(request, response, "quote");
        if (id < 0) {
            return;
        }
        List<Future<Long>> rates = new ArrayList<>();
        try {
            for (int carrier = 0; carrier < TASKS; carrier++) {
                int c = carrier;
                rates.add(workers.submit(() -> rate(id, c)));
            }
            long best = Long.MAX_VALUE;
            for (Future<Long> rate : rates) {
                best = Math.min(best, rate.get(10, TimeUnit.SECONDS));
            }
            Responses.json(response, 200, "{\"quote\":" + id + ",\"cents\":" + best + "}");
        } catch (RejectedExecutionException e) {
            rates.forEach(f -> f.cancel(false));
            Responses.error(response, 503, "quote workers saturated");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ServletException("quote failed", e);
        }
    }

    private static long rate(int id, int carrier) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(RATE_MS);
        return 500 + (id * 31L + carrier * 17L) % 500;
    }
}
