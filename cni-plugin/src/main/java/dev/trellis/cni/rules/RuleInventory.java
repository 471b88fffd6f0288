package dev.trellis.cni.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What iptables-save (or a restore batch of ours) says is in a namespace: per table, the declared chains and each
 * chain's rules, as the text after {@code -A <chain> }. Parsing is pure, so plans built from it are table-tested.
 */
public final class RuleInventory {
    private final Map<String, Table> tables;

    private RuleInventory(Map<String, Table> tables) {
        this.tables = tables;
    }

    public static RuleInventory parse(String saveText) {
        Map<String, Table> tables = new LinkedHashMap<>();
        Table current = null;
        for (String raw : saveText.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith("*")) {
                current = tables.computeIfAbsent(line.substring(1), t -> new Table());
            } else if (current != null && line.startsWith(":")) {
                current.chains.add(line.substring(1).split(" ", 2)[0]);
            } else if (current != null && line.startsWith("-A ")) {
                String[] parts = line.substring(3).split(" ", 2);
                current.rules.computeIfAbsent(parts[0], c -> new ArrayList<>()).add(parts.length > 1 ? parts[1] : "");
            }
        }
        return new RuleInventory(tables);
    }

    public boolean hasChain(String table, String chain) {
        Table t = tables.get(table);
        return t != null && t.chains.contains(chain);
    }

    /** The rules of a chain in order; empty if the table or chain is absent. */
    public List<String> rules(String table, String chain) {
        Table t = tables.get(table);
        return t == null ? List.of() : List.copyOf(t.rules.getOrDefault(chain, List.of()));
    }

    /** How many rules of {@code chain} are a bare jump to {@code target}. */
    public int jumpCount(String table, String chain, String target) {
        return (int) rules(table, chain).stream().filter(r -> r.equals("-j " + target)).count();
    }

    private static final class Table {
        private final Set<String> chains = new LinkedHashSet<>();
        private final Map<String, List<String>> rules = new LinkedHashMap<>();
    }
}
