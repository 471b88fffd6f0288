package dev.trellis.core.model.route.compile;

import dev.trellis.core.discovery.RouteSpec;
import dev.trellis.core.model.route.CompiledRoute;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Compiles a route as discovery carries it (its spec as JSON) with the same compiler the control plane
 * validated it with, so that the two cannot disagree about what a route means.
 */
public final class RouteSpecs {
    private RouteSpecs() {
    }

    /** The compiled route; fails naming the route and field, or saying the JSON is broken. */
    public static CompiledRoute compile(RouteSpec route) throws RouteValidationException {
        Object spec;
        try {
            // JSON is YAML: one parser for both.
            spec = new Load(LoadSettings.builder().setLabel(route.kind() + " " + route.namespace() + "/" + route.name())
                    .build()).loadFromString(route.specJson());
        } catch (YamlEngineException e) {
            throw new RouteValidationException(route.kind() + " " + route.namespace() + "/" + route.name(), "spec",
                    "not valid JSON: " + e.getMessage());
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "gateway.networking.k8s.io/v1");
        object.put("kind", route.kind());
        object.put("metadata", Map.of("namespace", route.namespace(), "name", route.name()));
        object.put("spec", spec);
        return new RouteCompiler().compile(object);
    }
}
