package dev.trellis.ctl.sample;

import java.util.List;
import java.util.Map;

/** A request as the echo server saw it, whatever protocol carried it. */
record EchoRequestSeen(String protocol, String method, String path, String query, Map<String, List<String>> headers) {

    EchoRequestSeen {
        headers = Map.copyOf(headers);
    }
}
