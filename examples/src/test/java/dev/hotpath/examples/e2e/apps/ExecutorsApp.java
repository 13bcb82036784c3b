package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands each request's work to executors the way applications do, and every task makes one outbound
 * call to a receiver given on the command line, naming the trace its request belongs to: the
 * {@code traceparent} the agent adds to that call tells whether the task ran in its request's context.
 * {@code GET /tasks?kind=K&n=N} runs N tasks of one kind and waits for them; {@code /heap} answers the
 * used heap after full GCs; {@code /queue} runs three 50 ms tasks on one worker, so two of them queue.
 */
public final class ExecutorsApp {
    private static int receiverPort;
    private static final AtomicLong castFailures = new AtomicLong();
    private static final AtomicLong rejectedByCustomHandler = new AtomicLong();

    private ExecutorsApp() {
    }

    /** A task type a pool subclass casts its tasks to: breaks if an agent wraps tasks. */
    static final class Job implements Runnable {
        final String trace;
        final CountDownLatch done;
        String ranOn;

        Job(String trace, CountDownLatch done) {
            this.trace = trace;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                call(trace, "casting");
            } finally {
                done.countDown();
            }
        }
    }

    /** Casts every task in beforeExecute and afterExecute, and does not call super. */
    static final class CastingPool extends ThreadPoolExecutor {
        CastingPool() {
            super(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), named("casting-worker"));
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            try {
                ((Job) r).ranOn = t.getName();
            } catch (ClassCastException e) {
                castFailures.incrementAndGet();
            }
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            if (!(r instanceof Job) || ((Job) r).ranOn == null) {
                castFailures.incrementAndGet();
            }
        }
    }

    /** A range of calls, split in halves down to single calls: fork one half, compute the other. */
    static final class CallRange extends RecursiveTask<Integer> {
        final String trace;
        final int from;
        final int to;

        CallRange(String trace, int from, int to) {
            this.trace = trace;
            this.from = from;
            this.to = to;
        }

        @Override
        protected Integer compute() {
            if (to - from == 1) {
                call(trace, "forkjoin");
                return 1;
            }
            int mid = (from + to) >>> 1;
            CallRange left = new CallRange(trace, from, mid);
            left.fork();
            int right = new CallRange(trace, mid, to).compute();
            return left.join() + right;
        }
    }

    public static void main(String[] args) throws Exception {
        receiverPort = Integer.parseInt(args[0]);
        CastingPool casting = new CastingPool();
        ThreadPoolExecutor callerRuns = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(2),
                named("caller-runs"), new ThreadPoolExecutor.CallerRunsPolicy());
        RejectedExecutionHandler blockWhenFull = (r, pool) -> {
            rejectedByCustomHandler.incrementAndGet();
            try {
                pool.getQueue().put(r); // a common custom handler: the submitter waits for room
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ThreadPoolExecutor blocking = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(2),
                named("blocking-worker"), blockWhenFull);
        ExecutorService invoking = Executors.newFixedThreadPool(2, named("invoke-worker"));
        ForkJoinPool forkJoin = new ForkJoinPool(2);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, named("scheduler"));
        ExecutorService quoteWorker = Executors.newSingleThreadExecutor(named("quote-worker"));
        ExecutorService virtual = virtualThreadsOrNull();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, named("http-handler")));
        server.createContext("/tasks", exchange -> {
            Map<String, String> q = query(exchange);
            String trace = traceOf(exchange);
            int n = Integer.parseInt(q.get("n"));
            String kind = q.get("kind");
            try {
                switch (kind) {
                    case "casting" -> {
                        CountDownLatch done = new CountDownLatch(n);
                        for (int i = 0; i < n; i++) {
                            casting.execute(new Job(trace, done));
                        }
                        done.await();
                    }
                    case "callerruns" -> awaitAll(submitAll(callerRuns, trace, kind, n));
                    case "custom" -> awaitAll(submitAll(blocking, trace, kind, n));
                    case "invokeall" -> {
                        List<Callable<Integer>> calls = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            calls.add(() -> call(trace, kind));
                        }
                        awaitAll(invoking.invokeAll(calls));
                    }
                    case "forkjoin" -> forkJoin.invoke(new CallRange(trace, 0, n));
                    case "completable" -> {
                        List<CompletableFuture<Integer>> chains = new ArrayList<>();
                        for (int i = 0; i < n / 2; i++) {
                            chains.add(CompletableFuture.supplyAsync(() -> call(trace, kind))
                                    .thenApplyAsync(x -> x + call(trace, kind)));
                        }
                        CompletableFuture.allOf(chains.toArray(new CompletableFuture<?>[0])).join();
                    }
                    case "scheduled" -> {
                        List<Future<Integer>> futures = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            futures.add(scheduler.schedule(() -> call(trace, kind), 1, TimeUnit.MILLISECONDS));
                        }
                        awaitAll(futures);
                    }
                    case "virtual" -> {
                        if (virtual == null) {
                            respond(exchange, 501, "no virtual threads before JDK 21");
                            return;
                        }
                        awaitAll(submitAll(virtual, trace, kind, n));
                    }
                    default -> {
                        respond(exchange, 400, "unknown kind " + kind);
                        return;
                    }
                }
                respond(exchange, 200, "ok " + n);
            } catch (Exception e) {
                respond(exchange, 500, e.toString());
            }
        });
        server.createContext("/queue", exchange -> {
            String trace = traceOf(exchange);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    futures.add(quoteWorker.submit(() -> {
                        Thread.sleep(50);
                        return call(trace, "queue");
                    }));
                }
                awaitAll(futures);
                respond(exchange, 200, "ok");
            } catch (Exception e) {
                respond(exchange, 500, e.toString());
            }
        });
        server.createContext("/heap", exchange -> respond(exchange, 200, Long.toString(usedHeapAfterGc())));
        server.createContext("/stats", exchange -> respond(exchange, 200,
                "castFailures=" + castFailures.get() + " rejectedByCustomHandler=" + rejectedByCustomHandler.get()
                        + " callerRunsCompleted=" + callerRuns.getCompletedTaskCount()));
        server.start();
        System.out.println("APP LISTENING " + server.getAddress().getPort());
    }

    /** One outbound call naming the trace its request belongs to; the agent adds the traceparent. */
    static int call(String trace, String kind) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + receiverPort + "/t?trace=" + trace
                    + "&kind=" + kind).toURL().openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000); // a lost answer fails the task (and the test) instead of hanging it
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            return c.getResponseCode() == 204 ? 1 : 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Future<Integer>> submitAll(ExecutorService pool, String trace, String kind, int n) {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> call(trace, kind)));
        }
        return futures;
    }

    private static void awaitAll(List<Future<Integer>> futures) throws Exception {
        for (Future<Integer> f : futures) {
            f.get();
        }
    }

    /** The used heap after full collections (the least of three, to skip a collection still finishing). */
    static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** The trace id of the incoming traceparent: the request knows which trace it serves. */
    private static String traceOf(HttpExchange exchange) {
        String tp = exchange.getRequestHeaders().getFirst("traceparent");
        return tp == null ? "none" : tp.split("-")[1];
    }

    /** Executors.newVirtualThreadPerTaskExecutor() on JDK 21+ (this class compiles for 17). */
    private static ExecutorService virtualThreadsOrNull() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
