package dev.trellis.cni.chain;

import dev.trellis.cni.rules.RuleTools;
import dev.trellis.cni.server.CniServer;
import dev.trellis.cni.spec.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain bridge → host-local → trellis-cni, run as a runtime runs it, against real pod namespaces. */
@Timeout(120)
class CniChainTest {
    private static final String PREV_RESULT = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.18.0.77/24\"}]}";
    private static ChainFixture fixture;

    @BeforeAll
    static void startNode() throws IOException {
        RootOnly.require();
        fixture = ChainFixture.start();
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void addRedirectsOutboundAndInboundKeepingTheOriginalDestinationAndDelRemovesEveryRule() throws Exception {
        try (TestNetns pod = TestNetns.create("pod")) {
            String before = NetnsSnapshot.of(pod);
            String id = containerId();
            Exec.Result add = fixture.chain.add(id, pod.path(), args("mesh", "web"));
            assertThat(add.exitCode()).as(add.stdout() + add.stderr()).isZero();
            String podIp = firstIpv4(add.stdout());
            assertThat(podIp).startsWith("198.18.0.");
            assertThat(fixture.handoff.added).anySatisfy(p -> {
                assertThat(p.containerId()).isEqualTo(id);
                assertThat(p.ips()).contains(podIp);
            });
            assertThat(pod.exec("iptables-save", "-t", "nat")).contains("-A OUTPUT -j TRELLIS_OUTPUT");
            assertThat(pod.exec("ip6tables-save", "-t", "nat")).contains("-A OUTPUT -j TRELLIS_OUTPUT");
            assertThat(fixture.chain.check(id, pod.path(), args("mesh", "web"), add.stdout()).exitCode()).isZero();

            assertThat(Redirects.originalDestination(pod, 15001, List.of("nsenter", "--net=" + pod.path()), "198.18.99.9"))
                    .isEqualTo("198.18.99.9:8080");
            assertThat(Redirects.originalDestination(pod, 15006, List.of("nsenter", "--net=" + fixture.node.path()), podIp))
                    .isEqualTo(podIp + ":8080");

            Exec.Result del = fixture.chain.del(id, pod.path(), args("mesh", "web"), add.stdout());
            assertThat(del.exitCode()).as(del.stdout() + del.stderr()).isZero();
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);
            assertThat(fixture.handoff.removed).anySatisfy(p -> assertThat(p.containerId()).isEqualTo(id));
        }
    }

    @Test
    void repeatedAddIsIdempotentAndCheckSeesTampering() throws IOException {
        try (TestNetns pod = TestNetns.create("pod")) {
            String id = containerId();
            Exec.Result add = fixture.chain.add(id, pod.path(), args("mesh", "api"));
            assertThat(add.exitCode()).as(add.stdout()).isZero();
            String once = NetnsSnapshot.of(pod);
            Exec.Result again = trellis("ADD", id, pod.path(), args("mesh", "api"), config(add.stdout()));
            assertThat(again.exitCode()).as(again.stdout()).isZero();
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(once);

            pod.exec("iptables", "-t", "nat", "-D", "TRELLIS_OUTPUT", "-p", "tcp", "-m", "tcp", "--tcp-flags",
                    "FIN,SYN,RST,ACK", "SYN", "-j", "REDIRECT", "--to-ports", "15001");
            Exec.Result check = fixture.chain.check(id, pod.path(), args("mesh", "api"), add.stdout());
            assertThat(check.exitCode()).isNotZero();
            assertThat(errorCode(check)).isEqualTo(102);
            assertThat(check.stdout()).contains("REDIRECT --to-ports 15001");
            fixture.chain.del(id, pod.path(), args("mesh", "api"), add.stdout());
        }
    }

    @Test
    void addForAnOptedOutNamespaceOrPodChangesNothing() throws IOException {
        for (String[] who : new String[][] {{"plain", "web"}, {"mesh", ChainFixture.OPTED_OUT_POD}}) {
            try (TestNetns pod = TestNetns.create("pod")) {
                String before = NetnsSnapshot.of(pod);
                int handedOver = fixture.handoff.added.size();
                String id = containerId();
                Exec.Result add = trellis("ADD", id, pod.path(), args(who[0], who[1]), config(PREV_RESULT));
                assertThat(add.exitCode()).as(add.stdout()).isZero();
                assertThat(Json.parse(add.stdout())).isEqualTo(Json.parse(PREV_RESULT));
                assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);
                assertThat(fixture.handoff.added).hasSize(handedOver);
            }
        }
    }

    @Test
    void badRequestsGetSpecificationErrorsAndChangeNothing() throws IOException {
        try (TestNetns pod = TestNetns.create("pod")) {
            String before = NetnsSnapshot.of(pod);
            Exec.Result garbage = trellis("ADD", containerId(), pod.path(), args("mesh", "x"), "{\"cniVersion\":");
            assertThat(errorCode(garbage)).isEqualTo(6);
            Exec.Result noNetns = trellis("ADD", containerId(), Path.of("/var/run/netns/trl-absent-" + containerId()),
                    args("mesh", "x"), config(PREV_RESULT));
            assertThat(errorCode(noNetns)).isEqualTo(3);
            Exec.Result version = trellis("ADD", containerId(), pod.path(), args("mesh", "x"),
                    config(PREV_RESULT).replace("\"cniVersion\":\"1.0.0\",\"name\"", "\"cniVersion\":\"9.9.9\",\"name\""));
            assertThat(errorCode(version)).isEqualTo(1);
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);
        }
    }

    @Test
    void aFailureHalfWayLeavesTheNamespaceAsItWas() throws IOException {
        RuleTools brokenV6 = new RuleTools("iptables-restore", "false", "iptables-save", "ip6tables-save", "ip");
        Path socket = fixture.dir.resolve("broken/cni.sock");
        try (TestNetns pod = TestNetns.create("pod"); CniServer broken = CniServer.start(socket,
                fixture.handler(brokenV6))) {
            String before = NetnsSnapshot.of(pod);
            String brokenConfig = config(PREV_RESULT).replace(fixture.server.socketPath().toString(),
                    broken.socketPath().toString());
            Exec.Result add = trellis("ADD", containerId(), pod.path(), args("mesh", "x"), brokenConfig);
            assertThat(errorCode(add)).isEqualTo(101);
            assertThat(add.stdout()).contains("V6 install rules");
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);

            fixture.handoff.refuseNext.set(true);
            Exec.Result refused = trellis("ADD", containerId(), pod.path(), args("mesh", "x"), config(PREV_RESULT));
            assertThat(errorCode(refused)).isEqualTo(100);
            assertThat(refused.stdout()).contains("could not be opened");
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);
        }
    }

    @Test
    void delSucceedsForAPodNeverSeenAndStatusAndVersionAnswer() throws IOException {
        Exec.Result del = trellis("DEL", containerId(), Path.of("/var/run/netns/trl-gone-" + containerId()),
                args("mesh", "ghost"), config(PREV_RESULT));
        assertThat(del.exitCode()).as(del.stdout()).isZero();
        assertThat(trellis("STATUS", "", Path.of(""), "", config(PREV_RESULT)).exitCode()).isZero();
        Exec.Result version = trellis("VERSION", "", Path.of(""), "", "{\"cniVersion\":\"1.0.0\"}");
        assertThat(version.stdout()).contains("\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]");
    }

    @Test
    void anUnreachableNodeAgentFailsTheAddUnlessFailOpen() throws IOException {
        try (TestNetns pod = TestNetns.create("pod")) {
            String nowhere = config(PREV_RESULT).replace(fixture.server.socketPath().toString(),
                    fixture.dir.resolve("nobody.sock").toString());
            Exec.Result closed = trellis("ADD", containerId(), pod.path(), args("mesh", "x"), nowhere);
            assertThat(errorCode(closed)).isEqualTo(100);
            Exec.Result open = trellis("ADD", containerId(), pod.path(), args("mesh", "x"),
                    nowhere.replace("\"failOpen\":false", "\"failOpen\":true"));
            assertThat(open.exitCode()).isZero();
            assertThat(Json.parse(open.stdout())).isEqualTo(Json.parse(PREV_RESULT));
            assertThat(open.stderr()).contains("failOpen is set");
        }
    }

    @Test
    void anExcludedNamespaceStartsWithoutTheNodeAgentAndIsLeftAlone() throws IOException {
        try (TestNetns pod = TestNetns.create("pod")) {
            String before = NetnsSnapshot.of(pod);
            String nowhere = config(PREV_RESULT).replace(fixture.server.socketPath().toString(),
                    fixture.dir.resolve("nobody.sock").toString())
                    .replace("\"failOpen\":false", "\"failOpen\":false,\"excludeNamespaces\":[\"kube-system\"]");
            Exec.Result excluded = trellis("ADD", containerId(), pod.path(), args("kube-system", "coredns"), nowhere);
            assertThat(excluded.exitCode()).as(excluded.stdout() + excluded.stderr()).isZero();
            assertThat(Json.parse(excluded.stdout())).isEqualTo(Json.parse(PREV_RESULT));
            assertThat(trellis("DEL", containerId(), pod.path(), args("kube-system", "coredns"), nowhere).exitCode())
                    .isZero();
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);
            Exec.Result other = trellis("ADD", containerId(), pod.path(), args("mesh", "x"), nowhere);
            assertThat(errorCode(other)).as("a namespace not excluded still needs the node-agent").isEqualTo(100);
            Exec.Result wrong = trellis("ADD", containerId(), pod.path(), args("kube-system", "coredns"),
                    nowhere.replace("[\"kube-system\"]", "\"kube-system\""));
            assertThat(errorCode(wrong)).isEqualTo(7);
            assertThat(wrong.stdout()).contains("excludeNamespaces: a string (expected: an array of namespace names)");
        }
    }

    @Test
    void theFastLauncherCarriesPodsByItselfAndHandsWhatItCannotReadToTheJavaLauncher() throws IOException {
        Path jvm = fixture.dir.resolve("bin/trellis-cni-jvm");
        Path aside = fixture.dir.resolve("trellis-cni-jvm.aside");
        try (TestNetns pod = TestNetns.create("pod")) {
            Files.move(jvm, aside);
            try {
                Exec.Result fast = trellis("ADD", containerId(), pod.path(), args("mesh", "fast"), config(PREV_RESULT));
                assertThat(fast.exitCode()).as("no Java launcher needed: " + fast.stderr()).isZero();
                assertThat(pod.exec("iptables-save", "-t", "nat")).contains("-A OUTPUT -j TRELLIS_OUTPUT");
                String escaped = config(PREV_RESULT).replace(fixture.server.socketPath().toString(),
                        fixture.server.socketPath().toString().replace("/", "\\/"));
                Exec.Result unreadable = trellis("ADD", containerId(), pod.path(), args("mesh", "fast"), escaped);
                assertThat(unreadable.stderr()).as("an escaped path is the Java launcher's to read")
                        .contains("cannot run " + jvm);
            } finally {
                Files.move(aside, jvm);
            }
            String escaped = config(PREV_RESULT).replace(fixture.server.socketPath().toString(),
                    fixture.server.socketPath().toString().replace("/", "\\/"));
            Exec.Result slow = trellis("ADD", containerId(), pod.path(), args("mesh", "slow"), escaped);
            assertThat(slow.exitCode()).as(slow.stdout() + slow.stderr()).isZero();
        }
    }

    private static Exec.Result trellis(String command, String id, Path netns, String args, String stdin)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        if (!id.isEmpty()) {
            env.put("CNI_CONTAINERID", id);
            env.put("CNI_NETNS", netns.toString());
            env.put("CNI_IFNAME", "eth0");
            env.put("CNI_ARGS", args);
        }
        return fixture.chain.raw("trellis-cni", env, stdin);
    }

    /** Our conflist entry as the runtime would hand it, with the given prevResult. */
    private static String config(String prevResult) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cniVersion", "1.0.0");
        config.put("name", "trellis-test");
        config.putAll(fixture.chain.trellisEntry());
        config.put("prevResult", Json.parse(prevResult));
        return Json.write(config);
    }

    private static int errorCode(Exec.Result result) {
        assertThat(result.exitCode()).as(result.stdout()).isNotZero();
        Map<String, Object> error = Json.parseObject(result.stdout());
        assertThat(error).containsKeys("cniVersion", "msg");
        return Integer.parseInt(error.get("code").toString());
    }

    @SuppressWarnings("unchecked")
    private static String firstIpv4(String result) {
        for (Object ip : (List<Object>) Json.parseObject(result).get("ips")) {
            String address = (String) ((Map<String, Object>) ip).get("address");
            if (address.contains(".")) {
                return address.substring(0, address.indexOf('/'));
            }
        }
        throw new AssertionError("no IPv4 address in " + result);
    }

    private static String args(String namespace, String name) {
        return "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + namespace + ";K8S_POD_NAME=" + name;
    }

    private static String containerId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
