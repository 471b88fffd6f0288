package dev.trellis.controlplane.store;

import static dev.trellis.controlplane.store.LocalStoreTest.pod;
import static dev.trellis.controlplane.store.LocalStoreTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import dev.trellis.core.model.Cidr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in a temporary directory, watched by the real (inotify) WatchService. */
class DirectoryStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectKey ECHO = ObjectKey.of(Kind.SERVICE, "default", "echo");
    private static final ObjectKey POD = ObjectKey.of(Kind.POD, "default", "echo-1");

    @TempDir
    Path dir;

    private final LocalStore store = LocalStore.withDefaults();
    private DirectoryStore directoryStore;

    @AfterEach
    void stop() {
        if (directoryStore != null) {
            directoryStore.close();
        }
    }

    @Test
    void loadsGoodFilesAndRefusesBadOnesAtStart() throws IOException {
        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v1"));
        write("bad.yml", service("broken", "").replace("port: 80", "port: 70000"));
        write(".hidden.yaml", "not: [yaml");
        write("notes.txt", "ignored");

        directoryStore = DirectoryStore.start(dir, store);

        assertThat(store.snapshot().objects().keySet()).containsExactly(POD, ECHO);
        assertThat(directoryStore.errors()).containsOnlyKeys("bad.yml");
        assertThat(directoryStore.errors().get("bad.yml")).isEqualTo("bad.yml (document 1): Service "
                + "default/broken: spec.ports[0].port: 70000 (expected: 1-65535)");
    }

    @Test
    void followsEditsAndKeepsTheOldObjectsWhileAFileIsBroken() throws IOException {
        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v1"));
        directoryStore = DirectoryStore.start(dir, store);
        long before = store.snapshot().revision();

        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v2"));
        await().atMost(WAIT).until(() -> version(POD).equals("v2"));

        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v3") + "  bad: [unclosed\n");
        await().atMost(WAIT).until(() -> directoryStore.errors().containsKey("echo.yaml"));
        assertThat(directoryStore.errors().get("echo.yaml")).startsWith("echo.yaml (document 2): not valid YAML");
        assertThat(version(POD)).isEqualTo("v2");
        assertThat(store.snapshot().revision()).isEqualTo(before + 1);

        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v3").replace("nodeName", "nodeNme"));
        await().atMost(WAIT).until(() -> directoryStore.errors().getOrDefault("echo.yaml", "")
                .contains("Pod default/echo-1: spec.nodeNme: unknown field"));
        assertThat(version(POD)).isEqualTo("v2");

        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v4"));
        await().atMost(WAIT).until(() -> version(POD).equals("v4"));
        assertThat(directoryStore.errors()).isEmpty();
    }

    @Test
    void deletesObjectsRemovedFromAFileAndAllObjectsOfARemovedFile() throws IOException {
        write("echo.yaml", service("echo", "") + "---\n" + pod("echo-1", "v1"));
        write("other.yaml", service("other", ""));
        directoryStore = DirectoryStore.start(dir, store);

        write("echo.yaml", service("echo", ""));
        await().atMost(WAIT).until(() -> store.get(POD).isEmpty());
        assertThat(store.get(ECHO)).isPresent();

        Files.delete(dir.resolve("echo.yaml"));
        await().atMost(WAIT).until(() -> store.get(ECHO).isEmpty());
        assertThat(store.snapshot().services()).extracting(s -> s.meta().name()).containsExactly("other");
    }

    @Test
    void picksUpNewFilesAndAtomicRenames() throws IOException {
        directoryStore = DirectoryStore.start(dir, store);

        write("echo.yaml", service("echo", ""));
        await().atMost(WAIT).until(() -> store.get(ECHO).isPresent());

        Path temp = dir.resolve(".echo.yaml.tmp");
        Files.writeString(temp, pod("echo-1", "v9"));
        Files.move(temp, dir.resolve("pod.yaml"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(WAIT).until(() -> store.get(POD).isPresent());
        assertThat(version(POD)).isEqualTo("v9");
    }

    @Test
    void refusesAFileThatRedefinesAnotherFilesObject() throws IOException {
        write("a.yaml", service("echo", "clusterIP: 198.18.3.3"));
        directoryStore = DirectoryStore.start(dir, store);

        write("b.yaml", service("echo", "clusterIP: 198.18.4.4") + "---\n" + pod("echo-1", "v1"));
        await().atMost(WAIT).until(() -> directoryStore.errors().containsKey("b.yaml"));

        assertThat(directoryStore.errors().get("b.yaml"))
                .isEqualTo("b.yaml: Service default/echo: already defined in a.yaml (expected: each object in one "
                        + "file)");
        assertThat(store.snapshot().get(ECHO, ServiceResource.class).orElseThrow().clusterIPs())
                .containsExactly(InetAddress.ofLiteral("198.18.3.3"));
        assertThat(store.get(POD)).isEmpty();
    }

    @Test
    void acceptsARefusedFileOnceTheObjectItRedefinedIsGivenUp() throws IOException {
        write("a.yaml", service("echo", "clusterIP: 198.18.3.3"));
        write("b.yaml", service("echo", "clusterIP: 198.18.4.4"));
        directoryStore = DirectoryStore.start(dir, store);
        assertThat(directoryStore.errors()).containsOnlyKeys("b.yaml");

        write("a.yaml", service("other", "clusterIP: 198.18.3.3"));

        await().atMost(WAIT).until(() -> directoryStore.errors().isEmpty());
        assertThat(store.snapshot().get(ECHO, ServiceResource.class).orElseThrow().clusterIPs())
                .containsExactly(InetAddress.ofLiteral("198.18.4.4"));
    }

    @Test
    void givesTheSameVipsAfterARestart() throws IOException {
        write("echo.yaml", service("echo", "") + "---\n" + service("web", ""));
        directoryStore = DirectoryStore.start(dir, store);
        InetAddress vip = store.snapshot().get(ECHO, ServiceResource.class).orElseThrow().clusterIPs().getFirst();
        directoryStore.close();

        LocalStore restarted = LocalStore.withDefaults();
        directoryStore = DirectoryStore.start(dir, restarted);

        assertThat(restarted.snapshot().get(ECHO, ServiceResource.class).orElseThrow().clusterIPs())
                .containsExactly(vip);
    }

    @Test
    void keepsVipsAcrossARestartEvenWhereHashesCollideAndTheLoadOrderDiffers() throws IOException {
        VipRange tiny = VipRange.of(Cidr.parse("198.18.9.0/29"));
        InetAddress zedSlot = tiny.allocate("default", "zed", Set.of());
        String early = IntStream.range(0, 1000).mapToObj(i -> "a" + i)
                .filter(n -> tiny.allocate("default", n, Set.of()).equals(zedSlot)).findFirst().orElseThrow();
        ObjectKey earlyKey = ObjectKey.of(Kind.SERVICE, "default", early);
        write("z.yaml", service("zed", ""));
        LocalStore first = new LocalStore(tiny);
        directoryStore = DirectoryStore.start(dir, first);
        write("a.yaml", service(early, ""));
        await().atMost(WAIT).until(() -> first.get(earlyKey).isPresent());
        Map<ObjectKey, InetAddress> vips = Map.of(
                ObjectKey.of(Kind.SERVICE, "default", "zed"), zedSlot, earlyKey, vipOf(first, earlyKey));
        assertThat(vipOf(first, ObjectKey.of(Kind.SERVICE, "default", "zed"))).isEqualTo(zedSlot);
        assertThat(vips.get(earlyKey)).isNotEqualTo(zedSlot);
        directoryStore.close();
        Path state = dir.resolve(".trellis-vips.yaml");
        assertThat(Files.readString(state)).contains("\"default/zed\": \"" + zedSlot.getHostAddress() + "\"");
        byte[] saved = Files.readAllBytes(state);

        Files.delete(state);
        LocalStore forgetful = new LocalStore(tiny);
        directoryStore = DirectoryStore.start(dir, forgetful);
        assertThat(vipOf(forgetful, earlyKey)).as("without the state file, a.yaml loads first and takes the slot")
                .isEqualTo(zedSlot);
        directoryStore.close();

        Files.write(state, saved);
        LocalStore restarted = new LocalStore(tiny);
        directoryStore = DirectoryStore.start(dir, restarted);
        assertThat(restarted.allocatedVips()).isEqualTo(vips);
        assertThat(vipOf(restarted, earlyKey)).isEqualTo(vips.get(earlyKey));
        assertThat(vipOf(restarted, ObjectKey.of(Kind.SERVICE, "default", "zed"))).isEqualTo(zedSlot);
    }

    @Test
    void refusesToStartWithoutADirectory() {
        assertThatThrownBy(() -> DirectoryStore.start(dir.resolve("missing"), store))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("not a directory");
    }

    private static InetAddress vipOf(LocalStore s, ObjectKey key) {
        return s.snapshot().get(key, ServiceResource.class).orElseThrow().clusterIPs().getFirst();
    }

    private String version(ObjectKey key) {
        return store.get(key).map(r -> r.meta().labels().get("version")).orElse("");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
