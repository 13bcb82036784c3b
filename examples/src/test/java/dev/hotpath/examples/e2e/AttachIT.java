package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * agentmain: the agent attached to a shop that is already serving (its Jetty, HikariCP and H2
 * classes loaded and in use) retransforms them and finds the N+1 from then on.
 */
class AttachIT {

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void attachesToARunningServiceAndFindsTheNPlusOne(Path java, @TempDir Path out) throws Exception {
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm shop = ForkedJvm.start(java, null, null, List.of("-XX:+EnableDynamicAgentLoading"),
                     Builds.examplesJar(), "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            ShopClient client = new ShopClient(shop.awaitPort(90));
            for (int i = 1; i <= 5; i++) {
                assertEquals(200, client.get("/customers/" + i + "/orders").statusCode()); // classes loaded, pool warm
            }
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(shop.pid()));
            try {
                vm.loadAgent(Builds.agentJar().toString(),
                        "collector=http://127.0.0.1:" + collector.port() + ",service.name=shop,stats.interval.ms=500");
            } finally {
                vm.detach();
            }
            for (int i = 1; i <= 20; i++) {
                assertEquals(200, client.get("/customers/" + (100 + i) + "/orders").statusCode());
            }
            Delivery.awaitSpans(collector, 7 * 20, 60);
            shop.stop(30);
            assertTrue(shop.output().contains("[hotpath] agent"), shop.output());
            collector.flush();
        }
        RunDirectory run = new RunDirectory(out);
        List<JsonNode> findings = run.findings();
        assertEquals(1, findings.size(), run.findingLines().toString());
        assertEquals("/customers/{id}/orders", findings.get(0).at("/endpoint/route").asText());
        assertEquals(20, run.endpoint("GET", "/customers/{id}/orders").path("count").asInt(),
                "requests after the attach are counted, those before are not");
    }
}
