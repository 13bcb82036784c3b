package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.LibraryDriftApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each instrumented library at its oldest supported and its newest version (HikariCP, OkHttp, Apache
 * HttpClient 5; the versions are the ones the pom copies into {@code target/drift/<lib>-<version>/},
 * each forked app's class path is built from those directories only), on JDK 17 and 25: the app's
 * answers are right, nothing prints a linkage error, and the acquire span (with the Hikari pool's
 * name) and both client spans (whose {@code traceparent} reached the server) arrive at the collector.
 * Then an {@code okhttp3.OkHttpClient} whose {@code newCall(Request)} is gone, and an Apache
 * {@code CloseableHttpClient} without {@code doExecute} (both compiled at test time): the agent says once
 * that it skips that instrumentation, and the app works.
 */
class LibraryVersionDriftIT {
    private static final Path DRIFT = Path.of("target", "drift").toAbsolutePath();
    private static final String[] LIBRARIES = {"hikari", "okhttp", "apache"};
    private static final Pattern LINKAGE = Pattern.compile(
            "LinkageError|NoSuchMethodError|NoSuchFieldError|NoClassDefFoundError|VerifyError|IncompatibleClassChangeError|AbstractMethodError");
    private static final Pattern TRACEPARENT = Pattern.compile("traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

    static Stream<Arguments> cases() throws IOException {
        Map<String, List<String>> versions = versions();
        List<Arguments> out = new ArrayList<>();
        for (Path java : JavaRuntimes.available()) {
            for (String edge : List.of("oldest", "newest")) {
                List<String> dirs = new ArrayList<>();
                for (String library : LIBRARIES) {
                    List<String> known = versions.get(library);
                    assertNotNull(known, library + " missing in " + DRIFT + ": run mvn verify on examples");
                    dirs.add(library + "-" + (edge.equals("oldest") ? known.get(0) : known.get(known.size() - 1)));
                }
                out.add(Arguments.of(java, dirs));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void librariesWorkAndAreRecorded(Path java, List<String> libraries, @TempDir Path out) throws Exception {
        String classpath = classPath(libraries);
        String body;
        String output;
        int port;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=1",
                     List.of(), classpath, LibraryDriftApp.class.getName())) {
            port = app.awaitPort(60);
            var response = new ShopClient(port).get("/drift");
            body = response.body();
            assertEquals(200, response.statusCode(), body + "\n" + app.output());
            // the request's server span, acquire, query, two client spans and the two backend server spans
            Delivery.awaitSpans(collector, 7, 60);
            app.stop(30);
            output = app.output();
            collector.flush();
        }
        for (String library : libraries) {
            String name = library.substring(0, library.indexOf('-'));
            String version = library.substring(library.indexOf('-') + 1);
            assertTrue(Pattern.compile("LOADED " + name + " \\S*/" + Pattern.quote(library) + "/\\S*-" + Pattern.quote(version) + "\\.jar")
                    .matcher(output).find(), name + " loaded from " + library + ":\n" + output);
        }
        assertFalse(LINKAGE.matcher(output).find(), "no linkage error:\n" + output);
        assertFalse(output.contains("not instrument"), "every instrumentation fits this version:\n" + output);

        String[] lines = body.split("\n");
        assertEquals(3, lines.length, body);
        assertEquals("db anvil", lines[0]);
        assertTrue(lines[1].startsWith("okhttp 200 /backend/okhttp traceparent=00-"), body);
        assertTrue(lines[2].startsWith("apache 200 /backend/apache traceparent=00-"), body);

        Map<String, JsonNode> traces = new RunDirectory(out).traces();
        JsonNode trace = null;
        for (JsonNode t : traces.values()) {
            if (!spans(t, "db.connection.acquire").isEmpty()) {
                trace = t;
            }
        }
        assertNotNull(trace, "the /drift request's trace: " + traces.keySet());
        JsonNode acquire = spans(trace, "db.connection.acquire").get(0);
        assertEquals("drift-pool", acquire.at("/attributes/db.client.connection.pool.name").asText(), acquire.toString());
        assertEquals(1, spans(trace, "db").size(), trace.toString());
        List<JsonNode> clients = spans(trace, "http.client");
        assertEquals(2, clients.size(), "one client span per library call: " + clients);
        for (String line : List.of(lines[1], lines[2])) {
            Matcher m = TRACEPARENT.matcher(line);
            assertTrue(m.find(), line);
            assertEquals(trace.path("traceId").asText(), m.group(1), "the injected traceparent carries the trace: " + line);
            JsonNode client = clients.stream().filter(c -> c.path("spanId").asText().equals(m.group(2))).findFirst()
                    .orElseThrow(() -> new AssertionError("the traceparent names a client span: " + line + "\n" + clients));
            assertEquals(port, client.at("/attributes/server.port").asInt(), client.toString());
            assertEquals(200, client.at("/attributes/http.response.status_code").asInt(), client.toString());
            assertEquals("GET", client.at("/attributes/http.request.method").asText(), client.toString());
        }
    }

    static Stream<Arguments> removedMethodCases() {
        return JavaRuntimes.available().stream()
                .flatMap(java -> Stream.of(MethodRemovedLibrary.values()).map(library -> Arguments.of(java, library)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("removedMethodCases")
    void methodRemovedIsSkippedWithOneLine(Path java, MethodRemovedLibrary library, @TempDir Path dir) throws Exception {
        Path classes = library.compile(dir);
        String output;
        try (Collector collector = Collector.start(CollectorConfig.builder(dir.resolve("out")).listen("127.0.0.1", 0).build());
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=1",
                     List.of(), classes, library.app)) {
            assertTrue(app.awaitExit(60), "the app ends by itself:\n" + app.output());
            output = app.output();
            assertEquals(0, app.exitValue(), output);
        }
        assertTrue(output.contains("FAKE RESULT 200 served http://127.0.0.1/x"), "the app works:\n" + output);
        assertFalse(LINKAGE.matcher(output).find(), "no linkage error:\n" + output);
        List<String> skipped = output.lines().filter(l -> l.contains("not instrument")).toList();
        assertEquals(List.of(library.skippedLine), skipped, output);
    }

    /** Library name to its versions in target/drift, oldest first. */
    private static Map<String, List<String>> versions() throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(DRIFT)) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.indexOf('-') > 0).forEach(n ->
                    out.computeIfAbsent(n.substring(0, n.indexOf('-')), k -> new ArrayList<>()).add(n.substring(n.indexOf('-') + 1)));
        }
        out.values().forEach(v -> v.sort(LibraryVersionDriftIT::compareVersions));
        return out;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The test's own classes (the app) and the jars of common/ and of each library directory, nothing else. */
    private static String classPath(List<String> libraries) throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        List<String> dirs = new ArrayList<>(libraries);
        dirs.add("common");
        for (String dir : dirs) {
            try (Stream<Path> jars = Files.list(DRIFT.resolve(dir))) {
                jars.filter(j -> j.toString().endsWith(".jar")).sorted(Comparator.naturalOrder())
                        .forEach(j -> entries.add(j.toString()));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<JsonNode> spans(JsonNode trace, String type) {
        List<JsonNode> out = new ArrayList<>();
        trace.get("spans").forEach(s -> {
            if (type.equals(s.at("/attributes/hotpath.span.type").asText())) {
                out.add(s);
            }
        });
        return out;
    }
}
