package dev.hotpath.examples.e2e.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;

import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First use, from many threads at once, of every kind of class the agent instruments: JDBC (H2 through
 * DriverManager, HikariCP, and H2 loaded again through a throwaway URLClassLoader), the JDK HTTP client,
 * HttpURLConnection, OkHttp, Apache HttpClient 5 (calls to a closed loopback port: refused at once) and
 * executors of each kind. Run by {@link StartupRaceAgent} while the hotpath agent's premain runs, and by
 * {@link StartupRaceApp}.
 */
public final class ClassLoadingRace {
    static final int KINDS = 8;
    private static final String CLOSED = "http://127.0.0.1:1/race";
    private static final List<Thread> THREADS = new ArrayList<>();
    static final AtomicInteger DONE = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();

    private ClassLoadingRace() {
    }

    /** Starts {@code threads} threads, each doing {@code rounds} kinds in turn, their first kinds spread over all of them. */
    static synchronized void start(String name, int threads, int rounds) {
        for (int i = 0; i < threads; i++) {
            int first = i * KINDS / threads;
            Thread t = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    run((first + r) % KINDS, first);
                }
            }, name + "-" + i);
            THREADS.add(t);
            t.start();
        }
    }

    static void joinAll() throws InterruptedException {
        List<Thread> all;
        synchronized (ClassLoadingRace.class) {
            all = new ArrayList<>(THREADS);
        }
        for (Thread t : all) {
            t.join();
        }
    }

    static void run(int kind, int id) {
        try {
            switch (kind) {
                case 0 -> jdbc(DriverManager.getConnection("jdbc:h2:mem:race" + id));
                case 1 -> hikari(id);
                case 2 -> jdbc(isolatedH2().connect("jdbc:h2:mem:isolated" + id, new Properties()));
                case 3 -> jdkHttpClient();
                case 4 -> urlConnection();
                case 5 -> okHttp();
                case 6 -> apacheHttpClient();
                default -> executors();
            }
            DONE.incrementAndGet();
        } catch (Throwable t) {
            FAILED.incrementAndGet();
            System.out.println("RACE FAILURE kind " + kind + ": " + t);
            t.printStackTrace(System.out);
        }
    }

    private static void jdbc(Connection c) throws Exception {
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            try (var ps = c.prepareStatement("select cast(? as int)")) {
                ps.setInt(1, 2);
                ps.executeQuery().close();
            }
        }
    }

    private static void hikari(int id) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:hikari" + id);
        config.setMaximumPoolSize(2);
        config.setPoolName("race-" + id);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            jdbc(ds.getConnection());
        }
    }

    /** H2's driver from its own jar through a loader of its own (parent: the platform loader), as app servers do. */
    private static Driver isolatedH2() throws Exception {
        URL h2 = org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader = new URLClassLoader("race-h2", new URL[] {h2}, ClassLoader.getPlatformClassLoader());
        return (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
    }

    private static void jdkHttpClient() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(CLOSED)).timeout(Duration.ofSeconds(2)).build();
        refused(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
        refused(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(5, TimeUnit.SECONDS));
    }

    private static void urlConnection() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(CLOSED).toURL().openConnection();
        c.setConnectTimeout(2000);
        refused(c::getResponseCode);
    }

    private static void okHttp() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).build();
        refused(() -> {
            client.newCall(new Request.Builder().url(CLOSED).build()).execute().close();
            return null;
        });
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static void apacheHttpClient() throws Exception {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            refused(() -> client.execute(new HttpGet(CLOSED), response -> response.getCode()));
        }
    }

    private static void executors() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1);
        try {
            pool.submit(() -> 1).get();
            scheduled.schedule(() -> 2, 1, TimeUnit.MILLISECONDS).get();
            ForkJoinPool.commonPool().submit(() -> 3).get();
            CompletableFuture.supplyAsync(() -> 4, pool).thenApplyAsync(x -> x + 1).join();
        } finally {
            pool.shutdown();
            scheduled.shutdown();
        }
    }

    private interface Call {
        Object call() throws Exception;
    }

    /** Nothing listens on port 1: the call must fail with a connection error, not hang or break otherwise. */
    private static void refused(Call call) throws Exception {
        try {
            call.call();
        } catch (java.io.IOException | java.util.concurrent.ExecutionException e) {
            return;
        }
        throw new IllegalStateException("a call to a closed port succeeded");
    }
}
