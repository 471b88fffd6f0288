package dev.trellis.cni.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Installs, removes and verifies the redirection of one pod's network namespace, for both IP families.
 *
 * <p>Install is all-or-nothing and idempotent: whatever of ours is already there is removed first, each family's
 * iptables rules go in with one {@code iptables-restore --noflush} batch (atomic per family), then the policy
 * route. State is read with one process and all steps run in a second one ({@link ShellBatch}); if any step fails, everything of ours is removed again and the failure is thrown, so a namespace is
 * never left half-redirected. Removal deletes our jumps, chains, rule and route only, and is idempotent.
 * Thread-safe as long as two calls do not target the same namespace at once (the caller serialises per pod).
 */
public final class PodRedirection {
    private static final List<IpFamily> FAMILIES = List.of(IpFamily.V4, IpFamily.V6);
    private static final List<String> SHELL = List.of("sh", "-s");

    private final CaptureSettings settings;
    private final RuleTools tools;
    private final NetnsCommandRunner runner;

    public PodRedirection(CaptureSettings settings, RuleTools tools, NetnsCommandRunner runner) {
        this.settings = settings;
        this.tools = tools;
        this.runner = runner;
    }

    public CaptureSettings settings() {
        return settings;
    }

    public void install(Path netns) throws RedirectionException {
        Map<IpFamily, FamilyState> current = read(netns);
        ShellBatch batch = new ShellBatch();
        for (IpFamily family : FAMILIES) {
            FamilyState state = current.get(family);
            RulePlans.removal(state.rules()).ifPresent(stale ->
                    batch.step(family + " remove stale rules", restore(family), stale));
            batch.step(family + " install rules", restore(family), RedirectionRules.render(family, settings));
            batch.step(family + " install policy route", ipBatch(family),
                    PolicyRoutes.install(family, settings, state.ruleCount()));
        }
        try {
            apply(netns, batch);
        } catch (RedirectionException failure) {
            try {
                remove(netns);
            } catch (RedirectionException rollback) {
                failure.addSuppressed(rollback);
                throw new RedirectionException(failure.getMessage() + "; rollback also failed: "
                        + rollback.getMessage(), failure);
            }
            throw failure;
        }
    }

    public void remove(Path netns) throws RedirectionException {
        Map<IpFamily, FamilyState> current = read(netns);
        ShellBatch batch = new ShellBatch();
        for (IpFamily family : FAMILIES) {
            FamilyState state = current.get(family);
            RulePlans.removal(state.rules()).ifPresent(text -> batch.step(family + " remove rules", restore(family),
                    text));
            String routes = PolicyRoutes.removal(settings, state.ruleCount(), state.routePresent());
            if (!routes.isEmpty()) {
                batch.step(family + " remove policy route", ipBatch(family), routes);
            }
        }
        if (!batch.isEmpty()) {
            apply(netns, batch);
        }
    }

    /**
     * Stops capturing new connections (the nat redirects go) while the connections the node-agent carries
     * finish: the mangle connmark rules and the policy route that bring the app's replies back to the
     * agent's transparent sockets stay. They act only on the agent's marked connections, so they are
     * harmless once those are gone; a later capture reinstalls over them and a DEL removes them.
     */
    public void stopCapturing(Path netns) throws RedirectionException {
        Map<IpFamily, FamilyState> current = read(netns);
        ShellBatch batch = new ShellBatch();
        for (IpFamily family : FAMILIES) {
            RulePlans.removal(current.get(family).rules(), List.of("nat")).ifPresent(text ->
                    batch.step(family + " remove redirects", restore(family), text));
        }
        if (!batch.isEmpty()) {
            apply(netns, batch);
        }
    }

    /** Every way the namespace differs from a full installation; empty when all is in place. */
    public List<String> verify(Path netns) throws RedirectionException {
        List<String> problems = new ArrayList<>();
        Map<IpFamily, FamilyState> current = read(netns);
        for (IpFamily family : FAMILIES) {
            FamilyState state = current.get(family);
            RuleInventory expected = RuleInventory.parse(RedirectionRules.render(family, settings));
            for (String p : RulePlans.differences(state.rules(), expected)) {
                problems.add(family + " " + p);
            }
            problems.addAll(PolicyRoutes.differences(family, settings, state.ruleCount(), state.routePresent()));
        }
        return problems;
    }

    /** Whether any rule of ours is in the namespace (installed fully or not). */
    public boolean anyPresent(Path netns) throws RedirectionException {
        for (FamilyState state : read(netns).values()) {
            if (RulePlans.anyPresent(state.rules())) {
                return true;
            }
        }
        return false;
    }

    /** One process reads both families' rules, policy rules and table routes. */
    private Map<IpFamily, FamilyState> read(Path netns) throws RedirectionException {
        List<List<String>> commands = new ArrayList<>();
        List<Boolean> optional = new ArrayList<>();
        for (IpFamily family : FAMILIES) {
            commands.add(List.of(tools.save(family)));
            commands.add(List.of(tools.ip(), family.ipFlag(), "rule", "show"));
            // "ip -6 route show table N" fails while the table does not exist: that simply means no route.
            commands.add(List.of(tools.ip(), family.ipFlag(), "route", "show", "table",
                    Integer.toString(settings.routeTable())));
            optional.addAll(List.of(false, false, true));
        }
        String script = ShellBatch.readScript(commands, optional);
        NetnsCommandRunner.Result result = exec(netns, "read rules", script);
        if (!result.succeeded()) {
            int index = result.exitCode() - ShellBatch.FIRST_STEP_EXIT;
            String what = index >= 0 && index < commands.size() ? "'" + String.join(" ", commands.get(index)) + "'"
                    : "entering the namespace (exit " + result.exitCode() + ")";
            throw new RedirectionException(netns + ": read rules: " + what + " failed: " + result.stderr().strip());
        }
        List<String> sections = ShellBatch.sections(result.stdout(), commands.size());
        Map<IpFamily, FamilyState> states = new EnumMap<>(IpFamily.class);
        for (int i = 0; i < FAMILIES.size(); i++) {
            states.put(FAMILIES.get(i), new FamilyState(RuleInventory.parse(sections.get(3 * i)),
                    PolicyRoutes.ruleCount(sections.get(3 * i + 1), settings),
                    PolicyRoutes.hasLocalRoute(sections.get(3 * i + 2))));
        }
        return states;
    }

    /** One process runs every step; the exit code names the step that failed. */
    private void apply(Path netns, ShellBatch batch) throws RedirectionException {
        NetnsCommandRunner.Result result = exec(netns, "write rules", batch.script());
        if (!result.succeeded()) {
            throw new RedirectionException(netns + ": " + batch.stepName(result.exitCode()) + " failed: "
                    + result.stderr().strip());
        }
    }

    private List<String> restore(IpFamily family) {
        return List.of(tools.restore(family), "--noflush");
    }

    private List<String> ipBatch(IpFamily family) {
        return List.of(tools.ip(), family.ipFlag(), "-batch", "-");
    }

    private NetnsCommandRunner.Result exec(Path netns, String what, String script) throws RedirectionException {
        try {
            return runner.run(netns, SHELL, script);
        } catch (IOException e) {
            throw new RedirectionException(netns + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private record FamilyState(RuleInventory rules, int ruleCount, boolean routePresent) {
    }
}
