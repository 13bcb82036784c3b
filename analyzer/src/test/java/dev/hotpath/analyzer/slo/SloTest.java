package dev.hotpath.analyzer.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.run.EndpointStats;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SloTest {

    @ParameterizedTest
    @CsvSource({"POST,SUBMIT", "PUT,SUBMIT", "PATCH,SUBMIT", "DELETE,SUBMIT", "delete,SUBMIT", "GET,ACCESS", "HEAD,ACCESS",
            "get,ACCESS", "OPTIONS,OTHER", "-,OTHER", "TRACE,OTHER"})
    void classifiesSubmitAndAccessByMethod(String method, RequestPath expected) {
        assertEquals(expected, RequestPath.of(method));
    }

    @Test
    void defaultsAreThePlaybooks() {
        List<SloObjective> o = SloTargets.defaults().objectives();
        assertEquals(List.of("submit.p95", "submit.error.rate", "access.p95", "access.error.rate"), o.stream().map(SloObjective::key).toList());
        assertEquals(500, o.get(0).target());
        assertEquals(0.001, o.get(1).target(), 1e-12);
        assertEquals(800, o.get(2).target());
    }

    @Test
    void parsesTheSpecAndKeepsUnnamedDefaults() {
        SloTargets t = SloTargets.parse("submit.p95=300ms,access.p95=0.5s,error.rate=0.5%,access.p99=1500");
        assertEquals(300, target(t, "submit.p95"));
        assertEquals(500, target(t, "access.p95"));
        assertEquals(1500, target(t, "access.p99"));
        assertEquals(0.005, target(t, "submit.error.rate"), 1e-12);
        assertEquals(0.005, target(t, "access.error.rate"), 1e-12);
        assertEquals(5, t.objectives().size());
        assertTrue(t.anyUserDefined());
        assertEquals(0.02, target(SloTargets.parse("access.error.rate=0.02"), "access.error.rate"), 1e-12);
        assertEquals(0.001, target(SloTargets.parse("access.error.rate=0.02"), "submit.error.rate"), 1e-12);
    }

    @Test
    void rejectsBadSpecsWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SloTargets.parse("p95=300ms")).getMessage().contains("needs a path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SloTargets.parse("submit.p42=1ms")).getMessage().contains("unknown"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SloTargets.parse("submit.p95=fast")).getMessage().contains("not a number"));
        assertThrows(IllegalArgumentException.class, () -> SloTargets.parse("error.rate=150%"));
        assertThrows(IllegalArgumentException.class, () -> SloTargets.parse("submit.p95"));
    }

    @Test
    void judgesEachPathOnItsOwnEndpoints() {
        List<EndpointStats> eps = List.of(
                ep("POST", "/orders", 100, 0.0, 450),
                ep("PUT", "/orders/{id}", 50, 0.0, 520),     // submit breach
                ep("GET", "/orders", 1000, 0.002, 700),     // access: met latency, error 0.2%
                ep("GET", "/search", 1000, 0.0, 790),
                ep("OPTIONS", "/orders", 10, 1.0, 9999));   // in neither path
        List<SloResult> r = SloEvaluator.evaluate(eps, SloTargets.defaults());
        SloResult submitP95 = r.get(0);
        assertEquals(SloStatus.BREACHED, submitP95.status());
        assertEquals(520, submitP95.measured());
        assertEquals("PUT /orders/{id}", submitP95.worstEndpoint());
        assertEquals(150, submitP95.requests());
        assertEquals(List.of("PUT /orders/{id}"), submitP95.breaching().stream().map(EndpointStats::name).toList());
        assertEquals(SloStatus.MET, r.get(1).status());                 // submit errors 0
        assertEquals(SloStatus.MET, r.get(2).status());                 // access p95 worst 790 < 800
        assertEquals(790, r.get(2).measured());
        SloResult accessErrors = r.get(3);
        assertEquals(SloStatus.BREACHED, accessErrors.status());        // 2 errors / 2000 = 0.1% >= 0.1%
        assertEquals(0.001, accessErrors.measured(), 1e-12);
        assertEquals(2000, accessErrors.requests());
    }

    @Test
    void pathWithoutTrafficHasNoData() {
        List<SloResult> r = SloEvaluator.evaluate(List.of(ep("GET", "/a", 10, 0, 5)), SloTargets.defaults());
        assertEquals(SloStatus.NO_DATA, r.get(0).status());
        assertEquals(SloStatus.NO_DATA, r.get(1).status());
        assertEquals(SloStatus.MET, r.get(2).status());
    }

    private static double target(SloTargets t, String key) {
        return t.objectives().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow().target();
    }

    static EndpointStats ep(String method, String route, long count, double errorRate, double p95) {
        return new EndpointStats("svc", method, route, count, count / 60.0, errorRate, p95 / 3, p95, p95 * 1.5, count * p95 / 2, "agent-stats", null);
    }
}
