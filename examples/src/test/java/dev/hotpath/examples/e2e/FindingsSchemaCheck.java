package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validates findings lines against the JSON Schema the collector publishes. */
final class FindingsSchemaCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FindingsSchemaCheck() {
    }

    static void assertValid(List<String> lines) throws IOException {
        JsonSchema schema;
        try (InputStream in = FindingsSchemaCheck.class.getClassLoader().getResourceAsStream("schema/findings.schema.json")) {
            assertTrue(in != null, "schema/findings.schema.json is published by the collector");
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            Set<ValidationMessage> errors = schema.validate(node);
            assertTrue(errors.isEmpty(), "finding does not match schema: " + errors + "\n" + line);
        }
    }
}
