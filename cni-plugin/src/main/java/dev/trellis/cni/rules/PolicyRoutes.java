package dev.trellis.cni.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The policy route that returns the app's replies on transparent connections to the node-agent's socket:
 * {@code ip rule add fwmark 0x111/0xfff lookup 100} and {@code ip route add local <any> dev lo table 100}.
 * Pure: plans are iproute2 batch text computed from what {@code ip rule show} and {@code ip route show table}
 * printed. {@code ip rule add} does not refuse duplicates, so the install plan adds the rule only when absent.
 */
public final class PolicyRoutes {
    private PolicyRoutes() {
    }

    /** The selector as {@code ip rule show} prints it, e.g. {@code fwmark 0x111/0xfff lookup 100}. */
    public static String ruleSelector(CaptureSettings s) {
        return "fwmark " + s.transparentMarkMatch() + " lookup " + s.routeTable();
    }

    public static int ruleCount(String ipRuleShow, CaptureSettings s) {
        String selector = ruleSelector(s);
        return (int) ipRuleShow.lines().filter(l -> l.strip().endsWith(selector)).count();
    }

    public static boolean hasLocalRoute(String ipRouteShowTable) {
        return ipRouteShowTable.lines().anyMatch(l -> l.startsWith("local default dev lo"));
    }

    /**
     * Brings loopback up first: the local route needs it (IPv6 refuses a route via a down device), and so do the
     * node-agent's in-pod listeners. Runtimes normally bring it up with the loopback plugin already.
     */
    public static String install(IpFamily family, CaptureSettings s, int existingRules) {
        StringBuilder out = new StringBuilder("link set dev lo up\n");
        if (existingRules == 0) {
            out.append("rule add ").append(ruleSelector(s)).append('\n');
        }
        for (int i = 1; i < existingRules; i++) {
            out.append("rule del ").append(ruleSelector(s)).append('\n');
        }
        out.append("route replace local ").append(family.anyAddress()).append(" dev lo table ")
                .append(s.routeTable()).append('\n');
        return out.toString();
    }

    /** Deletes every copy of our rule and the table's routes; empty text when there is nothing to remove. */
    public static String removal(CaptureSettings s, int existingRules, boolean routePresent) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < existingRules; i++) {
            out.append("rule del ").append(ruleSelector(s)).append('\n');
        }
        if (routePresent) {
            out.append("route flush table ").append(s.routeTable()).append('\n');
        }
        return out.toString();
    }

    public static List<String> differences(IpFamily family, CaptureSettings s, int ruleCount, boolean routePresent) {
        List<String> problems = new ArrayList<>();
        if (ruleCount != 1) {
            problems.add(family + " ip rule '" + ruleSelector(s) + "': " + ruleCount + " copies (expected: 1)");
        }
        if (!routePresent) {
            problems.add(family + " table " + s.routeTable() + ": no 'local default dev lo' route (expected: one)");
        }
        return problems;
    }
}
