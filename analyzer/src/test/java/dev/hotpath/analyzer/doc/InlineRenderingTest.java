package dev.hotpath.analyzer.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InlineRenderingTest {
    private static final String ID = "ae1d38a7b9f2827bc7a0af2a04db7c52";

    @Test
    void htmlEscapesCodeBoldAndLinksTraceIdsOutsideCode() {
        HtmlRenderer html = new HtmlRenderer(new TraceLinks("http://jaeger:16686/trace/{traceId}"));
        assertEquals("a <code>x &lt; 1</code> <strong>b</strong> &amp; <a class=\"trace\" href=\"http://jaeger:16686/trace/" + ID + "\">"
                + ID + "</a> <code>" + ID + "</code>", html.inline("a `x < 1` **b** & " + ID + " `" + ID + "`"));
        assertEquals("<code>SELECT `USER` FROM t</code>", html.inline("`` SELECT `USER` FROM t ``"));
    }

    @Test
    void markdownLinksOnlyWhenATemplateIsSet() {
        assertEquals("see " + ID, new MarkdownRenderer(TraceLinks.none()).inline("see " + ID));
        assertEquals("see [" + ID + "](http://t/" + ID + ")", new MarkdownRenderer(new TraceLinks("http://t/{traceId}")).inline("see " + ID));
    }
}
