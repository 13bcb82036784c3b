package dev.hotpath.examples.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent inside someone's production JVM: with the collector absent, with a collector that
 * accepts connections and never answers, and with nonsense arguments, the app answers every request
 * exactly as it would without the agent, and stops promptly.
 */
class AgentReliabilityIT {
    private final List<Socket> held = new ArrayList<>();
    private ServerSocket blackHole;

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @AfterEach
    void closeBlackHole() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (blackHole != null) {
            blackHole.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void collectorAbsent(Path java) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String output = exerciseShop(java, "collector=http://127.0.0.1:" + closedPort + ",stats.interval.ms=500,sample.rate=1");
        assertTrue(output.contains("[hotpath] agent"), output);
        assertTrue(countAgentLines(output) <= 6, "a dead collector gives a few lines, not a flood:\n" + output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void collectorThatNeverReplies(Path java) throws Exception {
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(blackHole.accept()); // read nothing, answer nothing
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        String output = exerciseShop(java, "collector=http://127.0.0.1:" + blackHole.getLocalPort()
                + ",export.timeout.ms=1000,stats.interval.ms=500,sample.rate=1");
        assertTrue(output.contains("[hotpath] agent"), output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void nonsenseArguments(Path java) throws Exception {
        String output = exerciseShop(java, "%%%,sample.rate=lots,collector=::::,repeat.threshold=-1,enabled=perhaps,=,x");
        assertTrue(output.contains("[hotpath] bad value for sample.rate='lots'"), output);
        assertTrue(output.contains("[hotpath] bad value for collector"), output);
        assertTrue(output.contains("[hotpath] agent"), "the agent still starts with safe defaults:\n" + output);
    }

    /** Starts the shop with the agent, checks 40 responses against the same requests' expected bodies, stops it. */
    private static String exerciseShop(Path java, String agentArgs) throws Exception {
        try (ForkedJvm shop = ForkedJvm.start(java, Builds.agentJar(), agentArgs, List.of(), Builds.examplesJar(),
                "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            ShopClient client = new ShopClient(shop.awaitPort(90));
            for (int i = 1; i <= 10; i++) {
                String nPlusOne = client.get("/customers/" + i + "/orders").body();
                String fixed = client.get("/customers/" + i + "/orders-fixed").body();
                assertEquals(fixed, nPlusOne, "same answer from both endpoints");
                assertEquals(200, client.get("/products/" + i).statusCode());
                assertEquals(404, client.get("/no/such/page").statusCode());
            }
            shop.stop(20); // fails if the agent's shutdown hangs on a dead or silent collector
            List<String> jvmWarnings = shop.output().lines()
                    .filter(l -> l.startsWith("WARNING") && l.contains("dev.hotpath")).toList();
            assertTrue(jvmWarnings.isEmpty(), "the agent makes the JVM warn on the app's stderr: " + jvmWarnings);
            return shop.output();
        }
    }

    private static long countAgentLines(String output) {
        return output.lines().filter(l -> l.startsWith("[hotpath]")).count();
    }
}
