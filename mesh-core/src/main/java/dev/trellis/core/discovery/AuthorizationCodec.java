package dev.trellis.core.discovery;

import dev.trellis.api.discovery.v1.Authorization;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Cidr;
import java.util.ArrayList;
import java.util.List;

/** AuthorizationPolicy ↔ protobuf. */
final class AuthorizationCodec {
    private AuthorizationCodec() {
    }

    static Authorization encode(AuthorizationPolicy p) {
        var b = Authorization.newBuilder().setName(p.name()).setNamespace(p.namespace())
                .putAllSelector(p.selector()).setAction(Authorization.Action.valueOf(p.action().name()));
        for (AuthorizationPolicy.Rule r : p.rules()) {
            var rule = Authorization.Rule.newBuilder();
            for (AuthorizationPolicy.Source s : r.from()) {
                rule.addFrom(Authorization.Source.newBuilder().addAllPrincipals(s.principals())
                        .addAllNotPrincipals(s.notPrincipals()).addAllNamespaces(s.namespaces())
                        .addAllNotNamespaces(s.notNamespaces()).addAllIpBlocks(text(s.ipBlocks()))
                        .addAllNotIpBlocks(text(s.notIpBlocks())));
            }
            for (AuthorizationPolicy.Operation o : r.to()) {
                rule.addTo(Authorization.Operation.newBuilder().addAllPorts(o.ports()).addAllNotPorts(o.notPorts())
                        .addAllMethods(o.methods()).addAllNotMethods(o.notMethods()).addAllPaths(o.paths())
                        .addAllNotPaths(o.notPaths()).addAllHosts(o.hosts()).addAllNotHosts(o.notHosts()));
            }
            for (AuthorizationPolicy.Condition c : r.when()) {
                rule.addWhen(Authorization.Condition.newBuilder().setKey(c.key()).addAllValues(c.values())
                        .addAllNotValues(c.notValues()));
            }
            b.addRules(rule);
        }
        return b.build();
    }

    static AuthorizationPolicy decode(Authorization a) {
        if (a.getAction() == Authorization.Action.UNRECOGNIZED) {
            throw new InvalidResourceException("Authorization " + a.getNamespace() + "/" + a.getName()
                    + ": action: unknown value " + a.getActionValue());
        }
        List<AuthorizationPolicy.Rule> rules = new ArrayList<>();
        for (Authorization.Rule r : a.getRulesList()) {
            List<AuthorizationPolicy.Source> from = r.getFromList().stream().map(s -> new AuthorizationPolicy.Source(
                    s.getPrincipalsList(), s.getNotPrincipalsList(), s.getNamespacesList(), s.getNotNamespacesList(),
                    ResourceCodec.cidrs(s.getIpBlocksList()), ResourceCodec.cidrs(s.getNotIpBlocksList()))).toList();
            List<AuthorizationPolicy.Operation> to = r.getToList().stream().map(o -> new AuthorizationPolicy.Operation(
                    o.getPortsList(), o.getNotPortsList(), o.getMethodsList(), o.getNotMethodsList(),
                    o.getPathsList(), o.getNotPathsList(), o.getHostsList(), o.getNotHostsList())).toList();
            List<AuthorizationPolicy.Condition> when = r.getWhenList().stream().map(c -> new AuthorizationPolicy.Condition(
                    c.getKey(), c.getValuesList(), c.getNotValuesList())).toList();
            rules.add(new AuthorizationPolicy.Rule(from, to, when));
        }
        return new AuthorizationPolicy(a.getName(), a.getNamespace(), a.getSelectorMap(),
                AuthorizationPolicy.Action.valueOf(a.getAction().name()), rules);
    }

    private static List<String> text(List<Cidr> cidrs) {
        return cidrs.stream().map(c -> c.network().getHostAddress() + "/" + c.prefixLength()).toList();
    }
}
