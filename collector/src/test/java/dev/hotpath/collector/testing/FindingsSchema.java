package dev.hotpath.collector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validates findings files against the published schema (every findings file written in tests goes through here). */
public final class FindingsSchema {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private FindingsSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = FindingsSchema.class.getResourceAsStream("/schema/findings.schema.json")) {
            assertNotNull(in, "schema/findings.schema.json must be on the class path");
            JsonNode schema = MAPPER.readTree(in);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and validates every line; returns the findings as JSON trees. */
    public static List<JsonNode> validate(Path findingsJsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(findingsJsonl)) {
            lineNo++;
            JsonNode node = MAPPER.readTree(line);
            Set<ValidationMessage> errors = SCHEMA.validate(node);
            assertEquals(Set.of(), errors, findingsJsonl + " line " + lineNo + " violates the schema: " + line);
            out.add(node);
        }
        return out;
    }
}
