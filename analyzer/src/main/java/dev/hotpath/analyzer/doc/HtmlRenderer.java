package dev.hotpath.analyzer.doc;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link Document} as one self-contained HTML page: inline CSS, inline SVG charts, a few
 * lines of inline script for sortable tables. Nothing is loaded from the network.
 */
public final class HtmlRenderer {
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern FIRST_NUMBER = Pattern.compile("[-+]?\\d[\\d,]*(\\.\\d+)?");
    private final TraceLinks links;

    public HtmlRenderer(TraceLinks links) {
        this.links = links;
    }

    public String render(Document doc) {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(doc.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        out.append("<header><h1>").append(Html.escape(doc.title())).append("</h1>\n<p class=\"subtitle\">").append(inline(doc.subtitle()))
                .append("</p>\n<nav><ol>");
        for (Section s : doc.sections()) {
            out.append("<li><a href=\"#").append(s.anchor()).append("\">").append(Html.escape(s.title())).append("</a></li>");
        }
        out.append("</ol></nav></header>\n<main>\n");
        for (Section s : doc.sections()) {
            out.append("<section id=\"").append(s.anchor()).append("\">\n<h2>").append(s.number()).append(". ")
                    .append(Html.escape(s.title())).append("</h2>\n");
            for (Block b : s.blocks()) {
                block(b, out);
            }
            out.append("</section>\n");
        }
        out.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private void block(Block b, StringBuilder out) {
        if (b instanceof Block.Heading h) {
            out.append("<h3>").append(inline(h.text())).append("</h3>\n");
        } else if (b instanceof Block.Paragraph p) {
            out.append("<p>").append(inline(p.text())).append("</p>\n");
        } else if (b instanceof Block.ItemList l) {
            String tag = l.ordered() ? "ol" : "ul";
            out.append('<').append(tag).append(">\n");
            for (String item : l.items()) {
                out.append("<li>").append(inline(item)).append("</li>\n");
            }
            out.append("</").append(tag).append(">\n");
        } else if (b instanceof Block.Table t) {
            table(t, out);
        } else if (b instanceof Block.CodeBlock c) {
            out.append("<pre><code>").append(Html.escape(c.code())).append("</code></pre>\n");
        } else if (b instanceof Block.Links l) {
            out.append("<ul>\n");
            for (Block.Links.Link link : l.links()) {
                out.append("<li><a href=\"").append(Html.escape(link.href())).append("\">").append(Html.escape(link.label()))
                        .append("</a></li>\n");
            }
            out.append("</ul>\n");
        } else if (b instanceof Block.LatencyChart c) {
            out.append("<figure>").append(SvgCharts.latency(c)).append("<figcaption>Latency percentiles per endpoint (server span, every request)</figcaption></figure>\n");
        } else if (b instanceof Block.BreakdownChart c) {
            out.append("<figure>").append(SvgCharts.breakdown(c)).append("<figcaption>").append(Html.escape(c.caption()))
                    .append("</figcaption></figure>\n");
        } else if (b instanceof Block.ConcurrencyChart c) {
            out.append("<figure>").append(SvgCharts.concurrency(c)).append("<figcaption>").append(Html.escape(c.title()))
                    .append("</figcaption></figure>\n");
        }
    }

    private void table(Block.Table t, StringBuilder out) {
        out.append("<div class=\"table-wrap\"><table class=\"sortable\">\n<thead><tr>");
        for (Block.Table.Column c : t.columns()) {
            out.append("<th").append(c.numeric() ? " class=\"num\" data-type=\"num\"" : "").append(" title=\"click to sort\">")
                    .append(Html.escape(c.header())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                boolean numeric = t.columns().get(i).numeric();
                String cell = row.get(i);
                out.append("<td");
                if (numeric) {
                    Matcher m = FIRST_NUMBER.matcher(cell);
                    out.append(" class=\"num\"");
                    if (m.find()) {
                        out.append(" data-v=\"").append(m.group().replace(",", "")).append('"');
                    }
                }
                out.append('>').append(inline(cell)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    String inline(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Inline.Segment seg : Inline.split(text)) {
            if (seg.code()) {
                out.append("<code>").append(Html.escape(seg.text())).append("</code>");
                continue;
            }
            String escaped = Html.escape(seg.text());
            escaped = BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
            Matcher m = TraceLinks.TRACE_ID.matcher(escaped);
            escaped = m.replaceAll(r -> Matcher.quoteReplacement(links.enabled()
                    ? "<a class=\"trace\" href=\"" + Html.escape(links.url(r.group())) + "\">" + r.group() + "</a>"
                    : "<span class=\"trace\">" + r.group() + "</span>"));
            out.append(escaped);
        }
        return out.toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static final String CSS = """
            body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f23;margin:0;background:#fafbfc}
            header{background:#24292e;color:#fff;padding:16px 32px}
            header h1{margin:0 0 4px;font-size:22px}
            header .subtitle{margin:0 0 8px;color:#d1d5da}
            header code{background:#3b4249;color:#fff}
            nav ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;counter-reset:s}
            nav li{counter-increment:s}
            nav li::before{content:counter(s) ". ";color:#959da5}
            nav a{color:#79b8ff;text-decoration:none}
            main{max-width:1180px;margin:0 auto;padding:8px 32px 48px}
            section{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:4px 24px 16px;margin:20px 0}
            h2{border-bottom:1px solid #eaecef;padding-bottom:6px;font-size:20px}
            h3{font-size:16px;margin:20px 0 8px}
            code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;padding:1px 4px;border-radius:3px;word-break:break-word}
            pre{background:#f6f8fa;padding:12px;overflow:auto;border-radius:4px}
            pre code{background:none;padding:0}
            .table-wrap{overflow-x:auto}
            table{border-collapse:collapse;margin:8px 0 16px;font-size:13.5px}
            th,td{border:1px solid #e1e4e8;padding:5px 9px;text-align:left;vertical-align:top}
            th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
            th.sorted-asc::after{content:" \\25B2";font-size:10px}
            th.sorted-desc::after{content:" \\25BC";font-size:10px}
            td.num,th.num{text-align:right;white-space:nowrap}
            tbody tr:nth-child(even){background:#fbfcfd}
            .trace{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            figure{margin:12px 0}
            figcaption{color:#586069;font-size:13px}
            svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}
            svg.chart text.val,svg.chart text.tick{fill:#586069;font-size:11px}
            @media print{body{background:#fff}section{border:none}header{background:#fff;color:#000}}
            """;

    private static final String SCRIPT = """
            (function () {
              function key(td, numeric) {
                if (!numeric) { return td.textContent.trim().toLowerCase(); }
                var v = td.getAttribute('data-v');
                return v === null || v === '' ? null : parseFloat(v);
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var heads = table.querySelectorAll('thead th');
                heads.forEach(function (th, col) {
                  th.addEventListener('click', function () {
                    var numeric = th.getAttribute('data-type') === 'num';
                    var asc = !th.classList.contains('sorted-asc');
                    heads.forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
                    th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
                      if (x === y) { return 0; }
                      if (x === null) { return 1; }
                      if (y === null) { return -1; }
                      return (x > y ? 1 : -1) * (asc ? 1 : -1);
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
            })();
            """;
}
