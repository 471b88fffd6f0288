package dev.trellis.waypoint.proxy;

import com.sun.net.httpserver.HttpExchange;

/** What the test backends answer: which backend, the path it saw, and the headers the tests look for. */
final class MeshMockResponses {

    private MeshMockResponses() {
    }

    static void describe(HttpExchange exchange, String backend) {
        var h = exchange.getRequestHeaders();
        MeshLab.respond(exchange, 200, "backend=" + backend + " path=" + exchange.getRequestURI()
                + " x-route=" + h.getFirst("x-route") + " x-drop=" + h.getFirst("x-drop") + "\n");
    }
}
