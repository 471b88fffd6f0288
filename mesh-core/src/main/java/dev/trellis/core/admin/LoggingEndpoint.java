package dev.trellis.core.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /logging}: GET lists logger levels; POST {@code ?level=debug} sets the root level, and
 * {@code ?logger=dev.trellis.nodeagent&level=debug} one logger's. A change is a POST (as in Envoy's admin
 * API) so that a crawler or a stray GET never turns on trace logging.
 */
public final class LoggingEndpoint implements AdminEndpoint {

    private final LogLevels levels;

    public LoggingEndpoint(LogLevels levels) {
        this.levels = levels;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        var level = request.parameter("level");
        if (level.isEmpty()) {
            return AdminResponse.json(200, Map.of("levels", levels.levels()));
        }
        if (!request.method().equals("POST")) {
            return AdminResponse.error(405, "changing a level needs POST (got " + request.method() + ")");
        }
        String logger = request.parameter("logger").orElse(LogLevels.ROOT);
        try {
            levels.set(logger, level.get());
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changed", Map.of(logger, level.get().toLowerCase(Locale.ROOT)));
        body.put("levels", levels.levels());
        return AdminResponse.json(200, body);
    }
}
