package dev.trellis.cni.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs, removes and verifies the redirection of one pod's network namespace, for both IP families.
 *
 * <p>Install is all-or-nothing and idempotent: whatever of ours is already there is removed first, each family's
 * iptables rules go in with one {@code iptables-restore --noflush} batch (atomic per family), then the policy
 * route; if any step fails, everything of ours is removed again and the failure is thrown, so a namespace is
 * never left half-redirected. Removal deletes our jumps, chains, rule and route only, and is idempotent.
 * Thread-safe as long as two calls do not target the same namespace at once (the caller serialises per pod).
 */
public final class PodRedirection {
    private static final List<IpFamily> FAMILIES = List.of(IpFamily.V4, IpFamily.V6);

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
        try {
            for (IpFamily family : FAMILIES) {
                installFamily(netns, family);
            }
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
        List<String> failures = new ArrayList<>();
        for (IpFamily family : FAMILIES) {
            try {
                removeFamily(netns, family);
            } catch (RedirectionException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new RedirectionException(String.join("; ", failures));
        }
    }

    /** Every way the namespace differs from a full installation; empty when all is in place. */
    public List<String> verify(Path netns) throws RedirectionException {
        List<String> problems = new ArrayList<>();
        for (IpFamily family : FAMILIES) {
            RuleInventory expected = RuleInventory.parse(RedirectionRules.render(family, settings));
            for (String p : RulePlans.differences(inventory(netns, family), expected)) {
                problems.add(family + " " + p);
            }
            problems.addAll(PolicyRoutes.differences(family, settings, ruleCount(netns, family),
                    PolicyRoutes.hasLocalRoute(routes(netns, family))));
        }
        return problems;
    }

    /** Whether any rule of ours is in the namespace (installed fully or not). */
    public boolean anyPresent(Path netns) throws RedirectionException {
        for (IpFamily family : FAMILIES) {
            if (RulePlans.anyPresent(inventory(netns, family))) {
                return true;
            }
        }
        return false;
    }

    private void installFamily(Path netns, IpFamily family) throws RedirectionException {
        RuleInventory current = inventory(netns, family);
        var stale = RulePlans.removal(current);
        if (stale.isPresent()) {
            exec(netns, family + " remove stale rules", List.of(tools.restore(family), "--noflush"), stale.get());
        }
        exec(netns, family + " install rules", List.of(tools.restore(family), "--noflush"),
                RedirectionRules.render(family, settings));
        exec(netns, family + " install policy route", List.of(tools.ip(), family.ipFlag(), "-batch", "-"),
                PolicyRoutes.install(family, settings, ruleCount(netns, family)));
    }

    private void removeFamily(Path netns, IpFamily family) throws RedirectionException {
        var removal = RulePlans.removal(inventory(netns, family));
        if (removal.isPresent()) {
            exec(netns, family + " remove rules", List.of(tools.restore(family), "--noflush"), removal.get());
        }
        String routes = PolicyRoutes.removal(settings, ruleCount(netns, family),
                PolicyRoutes.hasLocalRoute(routes(netns, family)));
        if (!routes.isEmpty()) {
            exec(netns, family + " remove policy route", List.of(tools.ip(), family.ipFlag(), "-batch", "-"), routes);
        }
    }

    private RuleInventory inventory(Path netns, IpFamily family) throws RedirectionException {
        return RuleInventory.parse(exec(netns, family + " read rules", List.of(tools.save(family)), "").stdout());
    }

    private int ruleCount(Path netns, IpFamily family) throws RedirectionException {
        String out = exec(netns, family + " read ip rules", List.of(tools.ip(), family.ipFlag(), "rule", "show"), "")
                .stdout();
        return PolicyRoutes.ruleCount(out, settings);
    }

    private String routes(Path netns, IpFamily family) throws RedirectionException {
        // "ip route show table N" fails for IPv6 when the table does not exist yet: that simply means no route.
        List<String> command = List.of(tools.ip(), family.ipFlag(), "route", "show", "table",
                Integer.toString(settings.routeTable()));
        try {
            NetnsCommandRunner.Result result = runner.run(netns, command, "");
            return result.succeeded() ? result.stdout() : "";
        } catch (IOException e) {
            throw new RedirectionException(netns + ": " + family + " read routes: " + e.getMessage(), e);
        }
    }

    private NetnsCommandRunner.Result exec(Path netns, String step, List<String> command, String stdin)
            throws RedirectionException {
        NetnsCommandRunner.Result result;
        try {
            result = runner.run(netns, command, stdin);
        } catch (IOException e) {
            throw new RedirectionException(netns + ": " + step + ": " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new RedirectionException(netns + ": " + step + ": '" + String.join(" ", command) + "' exited "
                    + result.exitCode() + ": " + result.stderr().strip());
        }
        return result;
    }
}
