package dev.trellis.cni.rules;

/**
 * The programs the rules are written and read with; names are looked up on PATH unless absolute.
 * Tests point one at {@code false} to make a step fail half-way.
 */
public record RuleTools(String iptablesRestore, String ip6tablesRestore, String iptablesSave, String ip6tablesSave,
                        String ip) {
    public static RuleTools defaults() {
        return new RuleTools("iptables-restore", "ip6tables-restore", "iptables-save", "ip6tables-save", "ip");
    }

    String restore(IpFamily family) {
        return family == IpFamily.V4 ? iptablesRestore : ip6tablesRestore;
    }

    String save(IpFamily family) {
        return family == IpFamily.V4 ? iptablesSave : ip6tablesSave;
    }
}
