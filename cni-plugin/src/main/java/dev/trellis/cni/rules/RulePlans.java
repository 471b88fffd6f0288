package dev.trellis.cni.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans computed from inventories, before any I/O: what to delete, and what CHECK finds wrong. */
public final class RulePlans {
    private RulePlans() {
    }

    /**
     * The restore batch that deletes our jumps and chains, and nothing else; empty when nothing of ours is there.
     */
    public static Optional<String> removal(RuleInventory current) {
        return removal(current, RedirectionRules.TABLES);
    }

    /** {@link #removal(RuleInventory)} limited to {@code tables}. */
    public static Optional<String> removal(RuleInventory current, List<String> tables) {
        StringBuilder out = new StringBuilder();
        for (String table : tables) {
            StringBuilder body = new StringBuilder();
            for (List<String> jump : RedirectionRules.JUMPS) {
                int count = current.jumpCount(table, jump.get(0), jump.get(1));
                for (int i = 0; i < count; i++) {
                    body.append("-D ").append(jump.get(0)).append(" -j ").append(jump.get(1)).append('\n');
                }
            }
            for (List<String> jump : RedirectionRules.JUMPS) {
                String chain = jump.get(1);
                if (current.hasChain(table, chain)) {
                    body.append("-F ").append(chain).append('\n').append("-X ").append(chain).append('\n');
                }
            }
            if (!body.isEmpty()) {
                out.append('*').append(table).append('\n').append(body).append("COMMIT\n");
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    /** Whether any jump or chain of ours is present (installed, or left half-way by someone else). */
    public static boolean anyPresent(RuleInventory current) {
        return removal(current).isPresent();
    }

    /** Every way {@code actual} differs from {@code expected} in our jumps and chains; empty when they match. */
    public static List<String> differences(RuleInventory actual, RuleInventory expected) {
        List<String> problems = new ArrayList<>();
        for (String table : RedirectionRules.TABLES) {
            for (List<String> jump : RedirectionRules.JUMPS) {
                int count = actual.jumpCount(table, jump.get(0), jump.get(1));
                if (count != 1) {
                    problems.add(table + " " + jump.get(0) + ": " + count + " jumps to " + jump.get(1)
                            + " (expected: 1)");
                }
                String chain = jump.get(1);
                List<String> have = actual.rules(table, chain);
                List<String> want = expected.rules(table, chain);
                if (!have.equals(want)) {
                    problems.add(table + " " + chain + ": " + have + " (expected: " + want + ")");
                }
            }
        }
        return problems;
    }
}
