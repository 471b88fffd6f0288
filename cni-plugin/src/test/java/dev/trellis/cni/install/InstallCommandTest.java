package dev.trellis.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.cni.spec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trellis-cni install|uninstall} as the DaemonSet's sidecar runs it, on real directories, configured
 * through {@code TRELLIS_CNI_*} variables; the launcher it writes is executed.
 */
class InstallCommandTest {
    private static final String PRIMARY = """
            {"cniVersion":"1.0.0","name":"k8s-pod-network","plugins":[{"type":"bridge"},{"type":"portmap"}]}""";

    @TempDir
    Path dir;
    @TempDir
    static Path build;
    private static Path pluginJar;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void installPutsTheRuntimeAndLauncherInPlaceAndChainsAnEntryThatExcludesNamespaces() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/10-net.conflist"), PRIMARY);

        int code = run(env("kube-system, trellis-system"), "install");

        assertThat(code).as(err.toString()).isZero();
        Map<String, Object> conflist = Json.parseObject(Files.readString(dir.resolve("conf/10-net.conflist")));
        assertThat((List<?>) conflist.get("plugins")).last().isEqualTo(Map.of("type", "trellis-cni",
                "agentSocket", "/run/t/cni.sock", "failOpen", false,
                "excludeNamespaces", List.of("kube-system", "trellis-system")));
        String launcher = Files.readString(dir.resolve("bin/trellis-cni-jvm"));
        assertThat(Files.readAllBytes(dir.resolve("bin/trellis-cni"))).startsWith(0x7f, 'E', 'L', 'F');
        assertThat(launcher).contains(dir.resolve("runtime/trellis-cni.jar").toString());
        assertThat(dir.resolve("runtime/trellis-cni.jar")).exists();
        assertThat(dir.resolve("bin/trellis-cni.jar")).doesNotExist();
        assertThat(launcher).as("the cache trained on a whole ADD is used").contains("-XX:AOTCache="
                + dir.resolve("runtime/trellis-cni.aot"));
        assertThat(launcherAnswersVersion()).contains("\"supportedVersions\"");
        assertThat(out.toString()).contains("chained into " + dir.resolve("conf/10-net.conflist"));
    }

    @Test
    void withoutANetworkConfigurationInstallFailsSayingWhatToDo() {
        int code = run(env("kube-system"), "install");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no .conflist or .conf file", "--watch waits for it");
    }

    @Test
    void watchKeepsTheEntryLastWhenThePrimaryRewritesItsFileAndLeavesItOnStop() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Path conflist = Files.writeString(dir.resolve("conf/10-net.conflist"), PRIMARY);
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> InstallCommand.run(
                new String[] {"install", "--watch"}, env("kube-system"), print(out), print(err), stop, jar()));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(conflist).contains("trellis-cni"));

        Files.writeString(conflist, PRIMARY);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(conflist).contains("trellis-cni"));
        stop.countDown();

        assertThat(watching.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(Files.readString(conflist)).contains("trellis-cni");
    }

    @Test
    void uninstallTakesEveryTraceOut() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Path conflist = Files.writeString(dir.resolve("conf/10-net.conflist"), PRIMARY);
        assertThat(run(env("kube-system"), "install")).isZero();

        assertThat(run(env("kube-system"), "uninstall")).as(err.toString()).isZero();

        assertThat(Json.parseObject(Files.readString(conflist))).isEqualTo(Json.parseObject(PRIMARY));
        assertThat(dir.resolve("bin/trellis-cni")).doesNotExist();
        assertThat(dir.resolve("bin/trellis-cni-jvm")).doesNotExist();
        assertThat(dir.resolve("runtime/trellis-cni.jar")).doesNotExist();
        assertThat(dir.resolve("runtime/trellis-cni.aot")).doesNotExist();
    }

    @Test
    void badUsageAndBadSettingsExitTwoWithTheReason() {
        assertThat(run(env("kube-system"), "instal")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'instal'", "usage: trellis-cni install");
        err.reset();
        assertThat(run(env("Kube_System"), "install")).isEqualTo(2);
        assertThat(err.toString()).contains("TRELLIS_CNI_EXCLUDE_NAMESPACES", "'Kube_System' is not one");
        err.reset();
        Map<String, String> env = env("kube-system");
        env.put("TRELLIS_CNI_FAIL_OPEN", "sometimes");
        assertThat(run(env, "install")).isEqualTo(2);
        assertThat(err.toString()).contains("cni-fail-open", "sometimes");
    }

    @Test
    void aJreIsCopiedOnceUnderItsDigestAndOldCopiesArePruned() throws IOException {
        Path jre = dir.resolve("jre-image");
        Files.createDirectories(jre.resolve("bin"));
        Files.writeString(jre.resolve("release"), "JAVA_VERSION=\"25\"\n");
        Files.writeString(jre.resolve("bin/java"), "#!/bin/sh\n");
        jre.resolve("bin/java").toFile().setExecutable(true);
        Path runtime = dir.resolve("runtime");
        Files.createDirectories(runtime.resolve("jre-old/bin"));

        Path copy = JreCopy.ensure(jre, runtime);
        long copiedAt = Files.getLastModifiedTime(copy).toMillis();
        Path again = JreCopy.ensure(jre, runtime);
        JreCopy.prune(runtime, copy);

        assertThat(copy.getFileName().toString()).matches("jre-[0-9a-f]{12}");
        assertThat(Files.isExecutable(copy.resolve("bin/java"))).isTrue();
        assertThat(again).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(again).toMillis()).isEqualTo(copiedAt);
        assertThat(runtime.resolve("jre-old")).doesNotExist();
        Files.delete(jre.resolve("release"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JreCopy.ensure(jre, runtime))
                .hasMessageContaining("no 'release' file");
    }

    private int run(Map<String, String> env, String... argv) {
        return InstallCommand.run(argv, env, print(out), print(err), new CountDownLatch(0), jar());
    }

    /** The plugin's classes as a real jar, as the image ships them, built once. */
    private static synchronized Path jar() {
        if (pluginJar == null) {
            try {
                Path classes = Path.of(dev.trellis.cni.CniMain.class.getProtectionDomain().getCodeSource()
                        .getLocation().toURI());
                Path jar = build.resolve("trellis-cni-plugin.jar");
                Process tool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jar").toString(),
                        "cf", jar.toString(), "-C", classes.toString(), "dev").inheritIO().start();
                assertThat(tool.waitFor()).isZero();
                pluginJar = jar;
            } catch (Exception e) {
                throw new AssertionError("cannot build the plugin jar: " + e, e);
            }
        }
        return pluginJar;
    }

    private Map<String, String> env(String excluded) {
        Map<String, String> env = new HashMap<>();
        env.put("TRELLIS_CNI_BIN_DIR", dir.resolve("bin").toString());
        env.put("TRELLIS_CNI_CONF_DIR", dir.resolve("conf").toString());
        env.put("TRELLIS_CNI_RUNTIME_DIR", dir.resolve("runtime").toString());
        env.put("TRELLIS_CNI_SOCKET", "/run/t/cni.sock");
        env.put("TRELLIS_CNI_EXCLUDE_NAMESPACES", excluded);
        env.put("TRELLIS_CNI_COPY_JRE", "false");
        return env;
    }

    private String launcherAnswersVersion() throws Exception {
        ProcessBuilder version = new ProcessBuilder(dir.resolve("bin/trellis-cni").toString());
        version.environment().put("CNI_COMMAND", "VERSION");
        Process launcher = version.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String stdout = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor()).isZero();
        return stdout;
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
