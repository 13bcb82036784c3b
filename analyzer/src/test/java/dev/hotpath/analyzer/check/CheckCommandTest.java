package dev.hotpath.analyzer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.Fixtures;
import dev.hotpath.analyzer.SyntheticRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CheckCommandTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(Path dir, String slo, String failOn) {
        out.reset();
        err.reset();
        return CheckCommand.run(dir, slo, failOn, null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void demoRunPassesWithDefaults() throws Exception {
        Path dir = Fixtures.copyOfDemoRun(tmp);
        assertEquals(0, check(dir, null, "high"));
        assertTrue(out.toString().startsWith("hotpath check: passed: 0 of 4 SLO objectives breached, 0 of 1 finding(s) at or above high"), out.toString());
        Document xml = parse(dir.resolve("check.xml"));
        Element root = xml.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("5", root.getAttribute("tests"));
        assertEquals("0", root.getAttribute("failures"));
        assertEquals(List.of("hotpath.slo", "hotpath.findings"), suiteNames(xml));
        assertEquals(List.of("submit.p95 < 500 ms", "submit.error.rate < 0.1%", "access.p95 < 800 ms", "access.error.rate < 0.1%",
                "898dfa7e891fd2c4 n_plus_one GET /customers/{id}/orders"), caseNames(xml));
    }

    @Test
    void failsOnFindingAtOrAboveSeverityAndOnSloBreach() throws Exception {
        Path dir = Fixtures.copyOfDemoRun(tmp);
        assertEquals(1, check(dir, null, "medium"));             // the N+1 is medium (score 56)
        assertTrue(out.toString().contains("FAIL finding [medium 56] N+1 queries on GET /customers/{id}/orders"), out.toString());
        assertEquals(0, check(dir, null, "high"));
        assertEquals(1, check(dir, "access.p95=25ms", "critical"));
        assertTrue(out.toString().contains("FAIL slo access.p95 is 30.1 ms (GET /customers/{id}/orders), target < 25 ms"), out.toString());
        Document xml = parse(dir.resolve("check.xml"));
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        NodeList failures = xml.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        Element failure = (Element) failures.item(0);
        assertEquals("slo_breach", failure.getAttribute("type"));
        assertEquals("access.p95 < 25 ms", ((Element) failure.getParentNode()).getAttribute("name"));
        assertTrue(failure.getTextContent().contains("GET /customers/{id}/orders: 30.1 ms over 341 requests"));
    }

    @Test
    void errorRateBreachAndSkippedPathWithoutTraffic() throws Exception {
        Path dir = new SyntheticRun().endpoint("GET", "/a", 1000, 0.01, 5, 10, 20)
                .finding("00000000000000aa", "GET", "/a", 85, "critical", 100)
                .writeTo(tmp.resolve("run"));
        assertEquals(1, check(dir, null, "critical"));
        Document xml = parse(dir.resolve("check.xml"));
        assertEquals("2", xml.getDocumentElement().getAttribute("skipped"));   // no submit traffic
        assertEquals("2", xml.getDocumentElement().getAttribute("failures"));  // access errors 1% + critical finding
        assertTrue(out.toString().contains("FAIL slo access.error.rate is 1.00% over 1,000 requests, target < 0.1%"), out.toString());
        assertTrue(out.toString().contains("FAIL finding [critical 85]"), out.toString());
    }

    @Test
    void badInputExitsTwo() throws Exception {
        assertEquals(2, check(tmp.resolve("missing"), null, "high"));
        Path dir = Fixtures.copyOfDemoRun(tmp);
        assertEquals(2, check(dir, null, "severe"));
        assertTrue(err.toString().contains("unknown severity 'severe'"));
        assertEquals(2, check(dir, "submit.p95=soon", "high"));
        assertEquals(2, check(tmp, null, "high"));      // a directory without summary.json
    }

    @Test
    void xmlEscapesAndDropsIllegalCharacters() throws Exception {
        CheckResult r = new CheckResult(List.of(new CheckCase(CheckEvaluator.FINDINGS_SUITE, "a <b> & \"c\"\u0001", true, false,
                "m\u0007sg <x>", "details & more")), 0, 0, 1, 1);
        Path f = tmp.resolve("x.xml");
        JUnitXmlWriter.write(r, f);
        Document xml = parse(f);
        Element tc = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals("a <b> & \"c\"", tc.getAttribute("name"));
        assertEquals("msg <x>", ((Element) tc.getElementsByTagName("failure").item(0)).getAttribute("message"));
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static List<String> suiteNames(Document xml) {
        List<String> out = new ArrayList<>();
        NodeList n = xml.getElementsByTagName("testsuite");
        for (int i = 0; i < n.getLength(); i++) {
            out.add(((Element) n.item(i)).getAttribute("name"));
        }
        return out;
    }

    private static List<String> caseNames(Document xml) {
        List<String> out = new ArrayList<>();
        NodeList n = xml.getElementsByTagName("testcase");
        for (int i = 0; i < n.getLength(); i++) {
            out.add(((Element) n.item(i)).getAttribute("name"));
        }
        return out;
    }
}
