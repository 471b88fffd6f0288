package dev.trellis.ctl.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChecksTest {

    @TempDir
    Path root;

    private Path write(String absolute, String content) throws IOException {
        Path f = root.resolve(absolute.substring(1));
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    private Path program(String name, String output) throws IOException {
        Path f = write("/bin/" + name, "#!/bin/sh\necho '" + output + "'\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    private HostProbe probe() {
        return new HostProbe(List.of(root.resolve("bin")), root);
    }

    @Test
    void oldKernelFailsWithHint() throws IOException {
        write("/proc/sys/kernel/osrelease", "4.19.0-27-amd64\n");
        CheckResult r = HostChecks.kernel(probe());
        assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(r.hint()).contains("5.4");
        write("/proc/sys/kernel/osrelease", "6.1.0-28-amd64\n");
        assertThat(HostChecks.kernel(probe()).status()).isEqualTo(CheckResult.Status.OK);
    }

    @Test
    void missingIptablesFailsButMissingIp6tablesOnlyWarns() throws IOException {
        assertThat(HostChecks.iptables(probe()).status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(HostChecks.iptables(probe()).hint()).contains("install the 'iptables' package");
        CheckResult v6 = HostChecks.ip6tables(probe());
        assertThat(v6.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(v6.hint()).startsWith("IPv6 pods will not be captured");

        program("iptables", "iptables v1.8.9 (nf_tables)");
        assertThat(HostChecks.iptables(probe()).detail()).contains("iptables-restore not found");
        program("iptables-restore", "");
        CheckResult ok = HostChecks.iptables(probe());
        assertThat(ok.status()).isEqualTo(CheckResult.Status.OK);
        assertThat(ok.detail()).isEqualTo("iptables v1.8.9 (nf_tables)");
    }

    @Test
    void anotherMeshInTheCniChainFails() throws IOException {
        assertThat(HostChecks.conflictingMeshes(probe()).status()).isEqualTo(CheckResult.Status.OK);
        write("/etc/cni/net.d/10-calico.conflist",
                "{\"plugins\":[{\"type\":\"calico\"},{\"type\":\"istio-cni\"}]}");
        CheckResult r = HostChecks.conflictingMeshes(probe());
        assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(r.detail()).contains("10-calico.conflist chains istio-cni");
    }

    @Test
    void realHostPassesWhatTheLabNeeds() {
        // This machine is set up by `make setup`: the lab's requirements must hold here.
        List<CheckResult> results = HostChecks.runAll(new HostProbe(HostProbe.systemPath()));
        assertThat(results).extracting(CheckResult::check).contains("kernel", "iptables", "CNI plugins", "java");
        assertThat(results).filteredOn(r -> r.status() == CheckResult.Status.FAIL).isEmpty();
    }
}
