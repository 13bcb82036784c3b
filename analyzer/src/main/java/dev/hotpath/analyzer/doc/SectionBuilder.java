package dev.hotpath.analyzer.doc;

import java.util.ArrayList;
import java.util.List;

/** Collects blocks for a section; small conveniences so section renderers read like the report. */
public final class SectionBuilder {
    private final int number;
    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public SectionBuilder(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public SectionBuilder heading(String text) {
        blocks.add(new Block.Heading(text));
        return this;
    }

    public SectionBuilder para(String text) {
        blocks.add(new Block.Paragraph(text));
        return this;
    }

    public SectionBuilder bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Block.ItemList(false, List.copyOf(items)));
        }
        return this;
    }

    public SectionBuilder numbered(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Block.ItemList(true, List.copyOf(items)));
        }
        return this;
    }

    public SectionBuilder code(String language, String code) {
        blocks.add(new Block.CodeBlock(language, code));
        return this;
    }

    public SectionBuilder add(Block block) {
        blocks.add(block);
        return this;
    }

    public SectionBuilder links(List<Block.Links.Link> links) {
        return add(new Block.Links(List.copyOf(links)));
    }

    public TableBuilder table() {
        return new TableBuilder(this);
    }

    public Section build() {
        return new Section(number, title, List.copyOf(blocks));
    }

    /** {@code table().text("Endpoint").num("p95 ms").row(...).row(...).end()}. */
    public static final class TableBuilder {
        private final SectionBuilder owner;
        private final List<Block.Table.Column> columns = new ArrayList<>();
        private final List<List<String>> rows = new ArrayList<>();

        TableBuilder(SectionBuilder owner) {
            this.owner = owner;
        }

        public TableBuilder text(String header) {
            columns.add(new Block.Table.Column(header, false));
            return this;
        }

        public TableBuilder num(String header) {
            columns.add(new Block.Table.Column(header, true));
            return this;
        }

        public TableBuilder row(String... cells) {
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns.size() + " columns");
            }
            rows.add(List.of(cells));
            return this;
        }

        public SectionBuilder end() {
            owner.blocks.add(new Block.Table(List.copyOf(columns), List.copyOf(rows)));
            return owner;
        }
    }
}
