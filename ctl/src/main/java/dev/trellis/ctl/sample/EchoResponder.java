package dev.trellis.ctl.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import tools.jackson.databind.json.JsonMapper;

/** Decides each answer: the JSON body naming the server and the request, or a simulated failure. */
final class EchoResponder {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: HTTP status and JSON body. */
    record Answer(int status, String body) {
    }

    private final EchoIdentity identity;
    private final DoubleSupplier random;

    EchoResponder(EchoIdentity identity, DoubleSupplier random) {
        this.identity = identity;
        this.random = random;
    }

    EchoIdentity identity() {
        return identity;
    }

    /** Whether this request should fail, by the configured rate. */
    boolean shouldFail() {
        return identity.failRate() > 0 && random.getAsDouble() < identity.failRate();
    }

    Answer answer(EchoRequestSeen request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pod", identity.pod());
        body.put("namespace", identity.namespace());
        body.put("version", identity.version());
        body.put("protocol", request.protocol());
        body.put("method", request.method());
        body.put("path", request.path());
        body.put("query", request.query());
        body.put("headers", request.headers());
        body.put("client", request.client());
        if (shouldFail()) {
            body.put("error", "simulated failure (--fail-rate " + identity.failRate() + ")");
            return new Answer(503, JSON.writeValueAsString(body) + "\n");
        }
        return new Answer(200, JSON.writeValueAsString(body) + "\n");
    }
}
