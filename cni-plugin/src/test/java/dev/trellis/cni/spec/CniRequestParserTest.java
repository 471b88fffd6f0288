package dev.trellis.cni.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CniRequestParserTest {
    private static final String CONFIG = "{\"cniVersion\":\"1.0.0\",\"name\":\"net\",\"type\":\"trellis-cni\","
            + "\"agentSocket\":\"/run/x.sock\",\"failOpen\":true,\"prevResult\":{\"cniVersion\":\"1.0.0\","
            + "\"ips\":[{\"address\":\"198.18.0.5/24\"}]}}";

    static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "c1");
        env.put("CNI_NETNS", "/var/run/netns/p");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "K8S_POD_NAMESPACE=demo;K8S_POD_NAME=web-1;IgnoreUnknown=1");
        return env;
    }

    @Test
    void parsesAnAddRequest() throws CniException {
        CniRequest request = CniRequestParser.parse(env("ADD"), CONFIG);
        assertThat(request.command()).isEqualTo(CniCommand.ADD);
        assertThat(request.arg(CniRequest.POD_NAMESPACE_ARG)).contains("demo");
        assertThat(request.config().agentSocket()).isEqualTo(Path.of("/run/x.sock"));
        assertThat(request.config().failOpen()).isTrue();
        assertThat(CniResults.passThrough(request.config()))
                .isEqualTo("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.18.0.5/24\"}]}");
    }

    @Test
    void defaultsSocketAndFailClosed() throws CniException {
        CniRequest request = CniRequestParser.parse(env("DEL"), "{\"cniVersion\":\"1.1.0\",\"name\":\"n\"}");
        assertThat(request.config().agentSocket()).isEqualTo(NetworkConfig.DEFAULT_AGENT_SOCKET);
        assertThat(request.config().failOpen()).isFalse();
    }

    static Stream<Arguments> failures() {
        Map<String, String> noNetns = env("ADD");
        noNetns.remove("CNI_NETNS");
        Map<String, String> noContainer = env("DEL");
        noContainer.remove("CNI_CONTAINERID");
        Map<String, String> badArgs = env("ADD");
        badArgs.put("CNI_ARGS", "novalue");
        return Stream.of(
                Arguments.of(env("ADD"), "not json", CniErrorCode.DECODE_FAILURE),
                Arguments.of(env("ADD"), "[]", CniErrorCode.DECODE_FAILURE),
                Arguments.of(env("ADD"), CONFIG.replace("1.0.0\",\"name", "9.9.9\",\"name"),
                        CniErrorCode.INCOMPATIBLE_VERSION),
                Arguments.of(env("ADD"), CONFIG.replace("1.0.0\",\"name", "0.3.1\",\"name"),
                        CniErrorCode.INCOMPATIBLE_VERSION),
                Arguments.of(env("ADD"), "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}",
                        CniErrorCode.INVALID_NETWORK_CONFIG),
                Arguments.of(env("ADD"), CONFIG.replace("\"failOpen\":true", "\"failOpen\":\"yes\""),
                        CniErrorCode.INVALID_NETWORK_CONFIG),
                Arguments.of(env("ADD"), CONFIG.replace("\"name\":\"net\",", ""), CniErrorCode.INVALID_NETWORK_CONFIG),
                Arguments.of(env("FROB"), CONFIG, CniErrorCode.INVALID_ENVIRONMENT),
                Arguments.of(noNetns, CONFIG, CniErrorCode.INVALID_ENVIRONMENT),
                Arguments.of(noContainer, CONFIG, CniErrorCode.INVALID_ENVIRONMENT),
                Arguments.of(badArgs, CONFIG, CniErrorCode.INVALID_ENVIRONMENT));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void refusesWithTheSpecificationsCode(Map<String, String> env, String stdin, CniErrorCode expected) {
        CniException e = catchThrowableOfType(CniException.class, () -> CniRequestParser.parse(env, stdin));
        assertThat(e.code()).isEqualTo(expected);
        Map<String, Object> json = Json.parseObject(e.toJson(CniRequestParser.versionForReply(stdin)));
        assertThat(json.get("code").toString()).isEqualTo(Integer.toString(expected.code()));
        assertThat((String) json.get("msg")).isNotBlank();
    }

    @Test
    void versionReplyListsSupportedVersions() {
        assertThat(CniVersions.versionReply("1.0.0"))
                .isEqualTo("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}");
    }

    @Test
    void gcReadsValidAttachments() throws CniException {
        Map<String, String> env = new HashMap<>(Map.of("CNI_COMMAND", "GC"));
        CniRequest request = CniRequestParser.parse(env, "{\"cniVersion\":\"1.1.0\",\"name\":\"n\","
                + "\"cni.dev/valid-attachments\":[{\"containerID\":\"a\",\"ifname\":\"eth0\"}]}");
        assertThat(request.validAttachments()).containsExactly(new CniRequest.Attachment("a", "eth0"));
    }
}
