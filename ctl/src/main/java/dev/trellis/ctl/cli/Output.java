package dev.trellis.ctl.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code -o} formats for scripts: a table for people, or the same data as JSON or YAML. */
enum Output {
    TABLE,
    WIDE,
    JSON,
    YAML;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static Output of(String name) {
        for (Output o : values()) {
            if (o.name().equalsIgnoreCase(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("--output: '" + name + "' (expected: table, wide, json or yaml)");
    }

    /** Prints {@code data} as JSON (indented) or YAML (block style); tables print themselves. */
    void print(PrintWriter out, JsonNode data) {
        switch (this) {
            case JSON -> out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data));
            case YAML -> out.print(new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
                    .dumpToString(MAPPER.convertValue(data, Object.class)));
            default -> throw new IllegalStateException(name().toLowerCase(Locale.ROOT) + " is printed as a table");
        }
        out.flush();
    }
}
