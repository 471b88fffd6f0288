package dev.trellis.ctl.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks {@code meshctl check} runs on a host, in order. */
public final class HostChecks {

    static final int MIN_KERNEL_MAJOR = 5;
    static final int MIN_KERNEL_MINOR = 4;
    static final List<String> CNI_CONF_DIRS = List.of("/etc/cni/net.d");
    static final List<String> CNI_BIN_DIRS = List.of("/opt/cni/bin", "/usr/lib/cni");
    /** CNI plugins and agents of other meshes that also redirect pod traffic. */
    static final List<String> CONFLICTING = List.of("istio-cni", "linkerd-cni", "cilium-cni", "kuma-cni",
            "consul-cni");

    private HostChecks() {
    }

    public static List<HostCheck> all() {
        return List.of(HostChecks::kernel, HostChecks::networkNamespaces, HostChecks::iptables,
                HostChecks::ip6tables, HostChecks::nftables, HostChecks::cniPlugins, HostChecks::conflictingMeshes,
                HostChecks::java);
    }

    public static List<CheckResult> runAll(HostProbe probe) {
        List<CheckResult> results = new ArrayList<>();
        for (HostCheck c : all()) {
            results.add(c.run(probe));
        }
        return results;
    }

    static CheckResult kernel(HostProbe probe) {
        String name = "kernel";
        Optional<String> release = probe.read("/proc/sys/kernel/osrelease").map(String::strip);
        if (release.isEmpty()) {
            return CheckResult.fail(name, "cannot read /proc/sys/kernel/osrelease", "run on Linux with /proc mounted");
        }
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+).*").matcher(release.get());
        if (!m.matches()) {
            return CheckResult.warn(name, "unrecognised release " + release.get(), "Trellis is tested on Linux >= 5.4");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < MIN_KERNEL_MAJOR || (major == MIN_KERNEL_MAJOR && minor < MIN_KERNEL_MINOR)) {
            return CheckResult.fail(name, "Linux " + release.get(), "Trellis needs Linux >= 5.4 (SO_REUSEPORT "
                    + "hand-over, IPv6 SO_ORIGINAL_DST); upgrade the kernel");
        }
        return CheckResult.ok(name, "Linux " + release.get());
    }

    static CheckResult networkNamespaces(HostProbe probe) {
        String name = "network namespaces";
        if (!Files.exists(probe.file("/proc/self/ns/net"))) {
            return CheckResult.fail(name, "/proc/self/ns/net is missing", "the kernel needs CONFIG_NET_NS");
        }
        return CheckResult.ok(name, "supported");
    }

    static CheckResult iptables(HostProbe probe) {
        return tablesCheck(probe, "iptables", "iptables-restore", "iptables");
    }

    static CheckResult ip6tables(HostProbe probe) {
        CheckResult r = tablesCheck(probe, "ip6tables", "ip6tables-restore", "iptables");
        if (r.status() == CheckResult.Status.FAIL) {
            return CheckResult.warn(r.check(), r.detail(), "IPv6 pods will not be captured: " + r.hint());
        }
        return r;
    }

    private static CheckResult tablesCheck(HostProbe probe, String tool, String restore, String pkg) {
        Optional<String> version = probe.output(tool, "--version");
        if (version.isEmpty()) {
            return CheckResult.fail(tool, tool + " not found or not runnable", "install the '" + pkg + "' package");
        }
        if (probe.program(restore).isEmpty()) {
            return CheckResult.fail(tool, restore + " not found", "install the '" + pkg + "' package");
        }
        // The version line names the backend, e.g. "iptables v1.8.9 (nf_tables)" or "(legacy)".
        return CheckResult.ok(tool, version.get().strip());
    }

    static CheckResult nftables(HostProbe probe) {
        Optional<String> version = probe.output("nft", "--version");
        return version.map(v -> CheckResult.ok("nftables", v.strip()))
                .orElseGet(() -> CheckResult.warn("nftables", "nft not found",
                        "optional: Trellis writes rules with iptables-restore; install 'nftables' to inspect them"));
    }

    static CheckResult cniPlugins(HostProbe probe) {
        for (String dir : CNI_BIN_DIRS) {
            Path bridge = probe.file(dir).resolve("bridge");
            if (Files.isExecutable(bridge)) {
                return CheckResult.ok("CNI plugins", "found in " + dir);
            }
        }
        return CheckResult.warn("CNI plugins", "no standard plugins in " + String.join(" or ", CNI_BIN_DIRS),
                "the lab needs them: install 'containernetworking-plugins'; on a cluster the primary CNI provides them");
    }

    static CheckResult conflictingMeshes(HostProbe probe) {
        List<String> found = new ArrayList<>();
        for (String dir : CNI_BIN_DIRS) {
            for (String other : CONFLICTING) {
                if (Files.exists(probe.file(dir).resolve(other))) {
                    found.add(dir + "/" + other);
                }
            }
        }
        for (String dir : CNI_CONF_DIRS) {
            Path d = probe.file(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (var files = Files.list(d)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f).toLowerCase(Locale.ROOT);
                    for (String other : CONFLICTING) {
                        if (text.contains("\"" + other + "\"")) {
                            found.add(f + " chains " + other);
                        }
                    }
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return CheckResult.warn("other meshes", "cannot read " + d + ": " + e.getMessage(), "run as root");
            }
        }
        if (!found.isEmpty()) {
            return CheckResult.fail("other meshes", String.join("; ", found),
                    "another mesh redirects pod traffic on this node; remove it before installing Trellis");
        }
        return CheckResult.ok("other meshes", "none found");
    }

    static CheckResult java(HostProbe probe) {
        int feature = Runtime.version().feature();
        if (feature < 25) {
            return CheckResult.fail("java", "Java " + Runtime.version(), "Trellis needs Java 25");
        }
        return CheckResult.ok("java", "Java " + Runtime.version());
    }
}
