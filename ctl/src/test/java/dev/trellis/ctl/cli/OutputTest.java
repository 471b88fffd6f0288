package dev.trellis.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class OutputTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void yamlAndJsonCarryTheSameData() {
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("proxy", "node-agent/node-1").put("state", "SYNCED").putObject("labels").put("a", "b");

        String yaml = print(Output.YAML, items);
        String json = print(Output.JSON, items);

        assertThat(yaml).contains("- proxy: node-agent/node-1", "  labels:", "    a: b").doesNotContain("{");
        Object fromYaml = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        assertThat(fromYaml).isEqualTo(JSON.readValue(json, java.util.List.class));
        assertThat(((java.util.List<?>) fromYaml).getFirst()).isInstanceOf(Map.class);
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheChoices() {
        assertThat(Output.of("YAML")).isEqualTo(Output.YAML);
        assertThatThrownBy(() -> Output.of("xml")).hasMessage("--output: 'xml' (expected: table, wide, json or yaml)");
    }

    private static String print(Output format, ArrayNode data) {
        StringWriter text = new StringWriter();
        format.print(new PrintWriter(text), data);
        return text.toString();
    }
}
