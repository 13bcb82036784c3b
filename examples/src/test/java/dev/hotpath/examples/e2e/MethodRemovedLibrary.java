package dev.hotpath.examples.e2e;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instrumented libraries of another shape, compiled at test time, each with an app that prints
 * {@code FAKE RESULT <code> <body>}:
 * <ul>
 * <li>{@link #OKHTTP}: an {@code okhttp3.OkHttpClient} without {@code newCall(Request)} (the method the
 * agent advises) but with {@code newCall(Request, boolean)}; {@code Call.execute()},
 * {@code Response.code()/body()} look like OkHttp's;</li>
 * <li>{@link #APACHE}: an Apache HttpClient 5 {@code CloseableHttpClient} without
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)} (the method the agent advises), as in
 * another major version: its subclass executes a request by other means.</li>
 * </ul>
 */
enum MethodRemovedLibrary {
    OKHTTP("drift.FakeOkHttpApp",
            "[hotpath] httpclient.okhttp not instrumented: okhttp3.OkHttpClient has no newCall(Request) (unsupported version)",
            Map.of("okhttp3/Request.java", """
                    package okhttp3;
                    public final class Request {
                        private final String url;
                        public Request(String url) { this.url = url; }
                        public String url() { return url; }
                    }
                    """,
            "okhttp3/ResponseBody.java", """
                    package okhttp3;
                    public final class ResponseBody {
                        private final String text;
                        ResponseBody(String text) { this.text = text; }
                        public long contentLength() { return text.length(); }
                        public String string() { return text; }
                    }
                    """,
            "okhttp3/Response.java", """
                    package okhttp3;
                    public final class Response implements java.io.Closeable {
                        private final int code;
                        private final ResponseBody body;
                        Response(int code, String text) { this.code = code; this.body = new ResponseBody(text); }
                        public int code() { return code; }
                        public ResponseBody body() { return body; }
                        @Override public void close() { }
                    }
                    """,
            "okhttp3/Call.java", """
                    package okhttp3;
                    public interface Call {
                        Response execute() throws java.io.IOException;
                    }
                    """,
            "okhttp3/OkHttpClient.java", """
                    package okhttp3;
                    public class OkHttpClient {
                        public Call newCall(Request request, boolean forWebSocket) {
                            return new RealCall(request, forWebSocket);
                        }
                    }
                    """,
            // a named Call implementation: the agent's execute() advice still applies to it
            "okhttp3/RealCall.java", """
                    package okhttp3;
                    final class RealCall implements Call {
                        private final Request request;
                        private final boolean forWebSocket;
                        RealCall(Request request, boolean forWebSocket) { this.request = request; this.forWebSocket = forWebSocket; }
                        @Override public Response execute() {
                            return new Response(200, "served " + request.url() + (forWebSocket ? " ws" : ""));
                        }
                    }
                    """,
            "drift/FakeOkHttpApp.java", """
                    package drift;
                    import okhttp3.OkHttpClient;
                    import okhttp3.Request;
                    import okhttp3.Response;
                    public final class FakeOkHttpApp {
                        public static void main(String[] args) throws Exception {
                            try (Response r = new OkHttpClient().newCall(new Request("http://127.0.0.1/x"), false).execute()) {
                                System.out.println("FAKE RESULT " + r.code() + " " + r.body().string());
                            }
                        }
                    }
                    """)),
    APACHE("drift.FakeApacheApp",
            "[hotpath] httpclient.apache not instrumented: org.apache.hc.client5.http.impl.classic.CloseableHttpClient has no "
                    + "doExecute(HttpHost, ClassicHttpRequest, HttpContext) (unsupported version)",
            Map.of("org/apache/hc/client5/http/impl/classic/CloseableHttpClient.java", """
                    package org.apache.hc.client5.http.impl.classic;
                    public abstract class CloseableHttpClient implements java.io.Closeable {
                        protected abstract String send(String method, String uri) throws java.io.IOException;
                        public String execute(String method, String uri) throws java.io.IOException { return send(method, uri); }
                        @Override public void close() { }
                    }
                    """,
            "org/apache/hc/client5/http/impl/classic/InternalHttpClient.java", """
                    package org.apache.hc.client5.http.impl.classic;
                    public final class InternalHttpClient extends CloseableHttpClient {
                        @Override protected String send(String method, String uri) { return "200 served " + uri; }
                    }
                    """,
            "drift/FakeApacheApp.java", """
                    package drift;
                    import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
                    import org.apache.hc.client5.http.impl.classic.InternalHttpClient;
                    public final class FakeApacheApp {
                        public static void main(String[] args) throws Exception {
                            try (CloseableHttpClient client = new InternalHttpClient()) {
                                System.out.println("FAKE RESULT " + client.execute("GET", "http://127.0.0.1/x"));
                            }
                        }
                    }
                    """));

    /** The app's main class. */
    final String app;
    /** The one line the agent must print about it. */
    final String skippedLine;
    private final Map<String, String> sources;

    MethodRemovedLibrary(String app, String skippedLine, Map<String, String> sources) {
        this.app = app;
        this.skippedLine = skippedLine;
        this.sources = sources;
    }

    /** Compiles the library and the app into {@code dir}/classes; returns that class path. */
    Path compile(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }
}
