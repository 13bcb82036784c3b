package dev.hotpath.analyzer.check;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML (the Ant/Surefire dialect Jenkins, GitLab and GitHub test reporters read): one testsuite
 * per kind (SLOs, findings), one testcase each, {@code <failure>} for failures. No timestamps, so
 * the file is stable for the same run.
 */
public final class JUnitXmlWriter {
    private JUnitXmlWriter() {
    }

    public static void write(CheckResult result, Path file) throws IOException {
        Files.writeString(file, toXml(result), StandardCharsets.UTF_8);
    }

    public static String toXml(CheckResult result) {
        Map<String, List<CheckCase>> suites = new LinkedHashMap<>();
        suites.put(CheckEvaluator.SLO_SUITE, result.cases().stream().filter(c -> c.suite().equals(CheckEvaluator.SLO_SUITE)).toList());
        suites.put(CheckEvaluator.FINDINGS_SUITE, result.cases().stream().filter(c -> c.suite().equals(CheckEvaluator.FINDINGS_SUITE)).toList());
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "hotpath check");
            w.writeAttribute("tests", String.valueOf(result.cases().size()));
            w.writeAttribute("failures", String.valueOf(result.failures()));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", String.valueOf(result.cases().stream().filter(CheckCase::skipped).count()));
            w.writeAttribute("time", "0");
            for (Map.Entry<String, List<CheckCase>> suite : suites.entrySet()) {
                List<CheckCase> cases = suite.getValue();
                w.writeCharacters("\n  ");
                w.writeStartElement("testsuite");
                w.writeAttribute("name", suite.getKey());
                w.writeAttribute("tests", String.valueOf(cases.size()));
                w.writeAttribute("failures", String.valueOf(cases.stream().filter(CheckCase::failed).count()));
                w.writeAttribute("errors", "0");
                w.writeAttribute("skipped", String.valueOf(cases.stream().filter(CheckCase::skipped).count()));
                w.writeAttribute("time", "0");
                for (CheckCase c : cases) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("classname", c.suite());
                    w.writeAttribute("name", clean(c.name()));
                    w.writeAttribute("time", "0");
                    if (c.failed()) {
                        w.writeStartElement("failure");
                        w.writeAttribute("message", clean(c.message()));
                        w.writeAttribute("type", c.suite().equals(CheckEvaluator.SLO_SUITE) ? "slo_breach" : "finding");
                        w.writeCharacters(clean(c.details()));
                        w.writeEndElement();
                    } else if (c.skipped()) {
                        w.writeStartElement("skipped");
                        w.writeAttribute("message", clean(c.message()));
                        w.writeEndElement();
                    } else {
                        w.writeStartElement("system-out");
                        w.writeCharacters(clean(c.message()));
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                }
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out.toString();
    }

    /** Drops characters XML 1.0 cannot carry (control characters from foreign span names). */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
