package dev.trellis.nodeagent;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whatever flags and variables the agent is started with, it either starts with a valid config or stops
 * with a {@link NodeAgentConfig.ConfigException} naming the flag: never another exception.
 */
class NodeAgentConfigFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyInputIsAValidConfigOrANamedConfigError(FuzzedDataProvider data) {
        List<String> flags = new ArrayList<>(NodeAgentConfig.FLAGS.keySet());
        List<String> args = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            String flag = data.consumeBoolean() ? data.pickValue(flags) : data.consumeString(12);
            String value = data.consumeString(40);
            switch (data.consumeInt(0, 3)) {
                case 0 -> args.add("--" + flag + "=" + value);
                case 1 -> {
                    args.add("--" + flag);
                    args.add(value);
                }
                case 2 -> env.put(NodeAgentConfig.envName(flag), value);
                default -> args.add(value);
            }
        }
        try {
            NodeAgentConfig config = NodeAgentConfig.parse(args, env);
            if (config.nodeName().isBlank() || config.ports().inPod().size() != 3) {
                throw new AssertionError("accepted an unusable config: " + config);
            }
        } catch (NodeAgentConfig.ConfigException expected) {
            if (!expected.getMessage().contains("expected")) {
                throw new AssertionError("config error without what was expected: " + expected.getMessage());
            }
        }
    }
}
