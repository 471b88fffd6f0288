package dev.trellis.cni.chain;

import java.io.IOException;

/**
 * Everything the plugin could change in a pod's namespace, as comparable text: both families' iptables rules
 * (without the timestamp comments and counters), policy rules, and the routes of table 100.
 */
final class NetnsSnapshot {
    private NetnsSnapshot() {
    }

    static String of(TestNetns netns) throws IOException {
        return clean(netns.exec("iptables-save")) + clean(netns.exec("ip6tables-save"))
                + netns.exec("ip", "-4", "rule", "show") + netns.exec("ip", "-6", "rule", "show")
                + table100(netns, "-4") + table100(netns, "-6");
    }

    /** Table 100 may not exist (IPv6 then reports an error): that is an empty table. */
    private static String table100(TestNetns netns, String family) throws IOException {
        return Exec.sh("nsenter", "--net=" + netns.path(), "ip", family, "route", "show", "table", "100").stdout();
    }

    /**
     * Drops comments and counters, and tables that hold nothing: with the nf_tables backend, iptables-restore
     * can empty a table but never delete it, and an empty table with ACCEPT policies filters nothing.
     */
    private static String clean(String save) {
        StringBuilder out = new StringBuilder();
        StringBuilder table = new StringBuilder();
        boolean meaningful = false;
        for (String line : save.lines().filter(l -> !l.startsWith("#")).toList()) {
            String l = line.replaceAll("\\[\\d+:\\d+]", "[0:0]");
            table.append(l).append('\n');
            if (l.startsWith("-A ") || (l.startsWith(":") && !l.contains(" ACCEPT "))) {
                meaningful = true;
            }
            if (l.equals("COMMIT")) {
                if (meaningful) {
                    out.append(table);
                }
                table.setLength(0);
                meaningful = false;
            }
        }
        return out.toString();
    }
}
