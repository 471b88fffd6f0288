package dev.trellis.cni.install;

import dev.trellis.cni.spec.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CniInstallerTest {
    private static final String PRIMARY = """
            {"cniVersion":"1.0.0","name":"k8s-pod-network","plugins":[
              {"type":"bridge","bridge":"cni0","ipam":{"type":"host-local","ranges":[[{"subnet":"198.18.0.0/24"}]]}},
              {"type":"portmap","capabilities":{"portMappings":true}}]}
            """;

    @TempDir
    Path dir;

    @Test
    void installAppendsOurEntryLastAndLeavesOtherPluginsAsTheyWere() throws IOException {
        Path conflist = write("10-primary.conflist", PRIMARY);
        write("20-other.conflist", PRIMARY.replace("k8s-pod-network", "other"));
        CniInstaller installer = installer(Optional.empty(), jar());

        assertThat(installer.install()).isEqualTo(conflist);

        Map<String, Object> after = Json.parseObject(Files.readString(conflist));
        List<?> plugins = (List<?>) after.get("plugins");
        List<?> before = (List<?>) Json.parseObject(PRIMARY).get("plugins");
        assertThat(plugins).hasSize(3);
        assertThat(plugins.subList(0, 2)).isEqualTo(before);
        assertThat(plugins.get(2)).isEqualTo(Map.of("type", "trellis-cni", "agentSocket", "/run/t/cni.sock",
                "failOpen", false));
        assertThat(Json.parseObject(Files.readString(dir.resolve("conf/20-other.conflist"))))
                .isEqualTo(Json.parseObject(PRIMARY.replace("k8s-pod-network", "other")));
    }

    @Test
    void installCopiesTheJarAndWritesAnExecutableLauncher() throws IOException {
        write("10-primary.conflist", PRIMARY);
        installer(Optional.empty(), jar()).install();
        Path launcher = dir.resolve("bin/trellis-cni");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readAllBytes(launcher)).as("the fast launcher, an ELF executable, in front")
                .startsWith(0x7f, 'E', 'L', 'F');
        Path jvmLauncher = dir.resolve("bin/trellis-cni-jvm");
        assertThat(Files.isExecutable(jvmLauncher)).isTrue();
        assertThat(Files.readString(jvmLauncher)).contains("/jdk/bin/java", dir.resolve("bin/trellis-cni.jar").toString(),
                "dev.trellis.cni.CniMain", "-XX:TieredStopAtLevel=1", "-Xlog:all=warning:stderr")
                .doesNotContain("AOTCache");
        assertThat(dir.resolve("bin/trellis-cni.jar")).hasContent("jar bytes");
    }

    @Test
    void aRealJarGetsATrainedAheadOfTimeCacheAndTheLauncherAnswers() throws Exception {
        write("10-primary.conflist", PRIMARY);
        Path jar = dir.resolve("build/real.jar");
        Files.createDirectories(jar.getParent());
        Path classes = Path.of(dev.trellis.cni.CniMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Process jarTool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "cf",
                jar.toString(), "-C", classes.toString(), "dev").inheritIO().start();
        assertThat(jarTool.waitFor()).isZero();
        new CniInstaller(new InstallerConfig(dir.resolve("bin"), dir.resolve("conf"), Optional.empty(),
                Path.of(System.getProperty("java.home")), jar, Path.of("/run/t/cni.sock"), false)).install();

        assertThat(dir.resolve("bin/trellis-cni.aot")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("bin/trellis-cni-jvm"))).contains("-XX:AOTCache="
                + dir.resolve("bin/trellis-cni.aot"));
        ProcessBuilder version = new ProcessBuilder(dir.resolve("bin/trellis-cni").toString());
        version.environment().put("CNI_COMMAND", "VERSION");
        Process launcher = version.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String out = new String(launcher.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(launcher.waitFor()).isZero();
        assertThat(out).isEqualTo("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}");
    }

    @Test
    void repeatedInstallIsIdempotentAndANamedConflistIsChosen() throws IOException {
        write("10-primary.conflist", PRIMARY);
        Path named = write("20-other.conflist", PRIMARY);
        CniInstaller installer = installer(Optional.of("20-other.conflist"), jar());
        installer.install();
        String once = Files.readString(named);
        installer.install();
        assertThat(Files.readString(named)).isEqualTo(once);
        assertThat(Files.readString(dir.resolve("conf/10-primary.conflist"))).isEqualTo(PRIMARY);
        assertThat(((List<?>) Json.parseObject(once).get("plugins"))).hasSize(3);
    }

    @Test
    void uninstallRestoresTheConflistAndRemovesOurFiles() throws IOException {
        Path conflist = write("10-primary.conflist", PRIMARY);
        CniInstaller installer = installer(Optional.empty(), jar());
        installer.install();
        installer.uninstall();
        assertThat(Json.parseObject(Files.readString(conflist))).isEqualTo(Json.parseObject(PRIMARY));
        assertThat(dir.resolve("bin/trellis-cni")).doesNotExist();
        assertThat(dir.resolve("bin/trellis-cni-jvm")).doesNotExist();
        assertThat(dir.resolve("bin/trellis-cni.jar")).doesNotExist();
    }

    @Test
    void aSinglePluginConfBecomesAConflist() throws IOException {
        write("05-bridge.conf", "{\"cniVersion\":\"1.0.0\",\"name\":\"b\",\"type\":\"bridge\"}");
        Path result = installer(Optional.empty(), jar()).install();
        assertThat(result.getFileName().toString()).isEqualTo("05-bridge.conflist");
        assertThat(dir.resolve("conf/05-bridge.conf")).doesNotExist();
        assertThat(Json.write(Json.parseObject(Files.readString(result)))).isEqualTo("{\"cniVersion\":\"1.0.0\","
                + "\"name\":\"b\",\"plugins\":[{\"type\":\"bridge\"},{\"type\":\"trellis-cni\","
                + "\"agentSocket\":\"/run/t/cni.sock\",\"failOpen\":false}]}");
    }

    @Test
    void noConfigurationOrABrokenOneIsAClearError() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        assertThatThrownBy(() -> installer(Optional.empty(), jar()).install())
                .hasMessageContaining("no .conflist or .conf file");
        write("10-broken.conflist", "{\"plugins\":");
        assertThatThrownBy(() -> installer(Optional.empty(), jar()).install())
                .hasMessageContaining("10-broken.conflist: not a CNI network configuration");
        assertThat(dir.resolve("conf/10-broken.conflist")).hasContent("{\"plugins\":");
    }

    @Test
    void watcherPutsUsBackWhenThePrimaryCniRewritesItsFile() throws IOException {
        Path conflist = write("10-primary.conflist", PRIMARY);
        CniInstaller installer = installer(Optional.empty(), jar());
        installer.install();
        try (ConflistWatcher watcher = ConflistWatcher.start(installer)) {
            Files.writeString(conflist, PRIMARY);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Files.readString(conflist)).contains("\"type\":\"trellis-cni\""));
            assertThat(watcher).isNotNull();
        }
        assertThat((List<?>) Json.parseObject(Files.readString(conflist)).get("plugins")).hasSize(3);
    }

    private CniInstaller installer(Optional<String> name, Path jar) {
        return new CniInstaller(new InstallerConfig(dir.resolve("bin"), dir.resolve("conf"), name, Path.of("/jdk"),
                jar, Path.of("/run/t/cni.sock"), false));
    }

    private Path jar() throws IOException {
        Path jar = dir.resolve("build/trellis-cni-plugin.jar");
        Files.createDirectories(jar.getParent());
        return Files.writeString(jar, "jar bytes");
    }

    private Path write(String name, String content) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        return Files.writeString(dir.resolve("conf").resolve(name), content);
    }
}
