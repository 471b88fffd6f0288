package dev.trellis.core.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for admin, metrics or readiness traffic, on one thread of its own so that a slow
 * scrape or dump never touches a data-plane event loop (and a busy data plane never delays a probe).
 *
 * <p>Endpoints match the request path exactly; {@code /} lists them; an unknown path is a 404 that names
 * the known ones; an endpoint that throws answers 500 with the exception's message and the server goes on.
 * Request bodies are ignored (no endpoint takes one).
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AdminEndpoint> endpoints;

    private AdminServer(String name, HttpServer server, ExecutorService executor,
            Map<String, AdminEndpoint> endpoints) {
        this.name = name;
        this.server = server;
        this.executor = executor;
        this.endpoints = endpoints;
    }

    /**
     * Starts building a server.
     *
     * @param name what the server is for ({@code admin}, {@code metrics}, {@code readiness}); names its thread
     * @param bind where to listen; port 0 picks a free port (see {@link #address()})
     */
    public static Builder builder(String name, InetSocketAddress bind) {
        return new Builder(name, bind);
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The registered paths, in registration order. */
    public List<String> paths() {
        return List.copyOf(endpoints.keySet());
    }

    /** Stops accepting, lets exchanges in progress finish for up to a second, then stops the thread. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            drain(exchange.getRequestBody());
            AdminResponse response = dispatch(exchange);
            byte[] body = exchange.getRequestMethod().equals("HEAD") ? new byte[0] : response.body();
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            log.debug("{} server: client went away: {}", name, e.toString());
        }
    }

    private AdminResponse dispatch(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        AdminRequest request = AdminRequest.of(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                path, exchange.getRequestURI().getRawQuery());
        if (path.equals("/") && !endpoints.containsKey("/")) {
            return AdminResponse.json(200, Map.of("endpoints", paths()));
        }
        AdminEndpoint endpoint = endpoints.get(path);
        if (endpoint == null) {
            return AdminResponse.json(404, Map.of("error", "no admin endpoint at " + path, "endpoints", paths()));
        }
        try {
            return endpoint.handle(request);
        } catch (Exception e) {
            log.warn("{} server: endpoint {} failed", name, path, e);
            return AdminResponse.error(500, path + " failed: " + e);
        }
    }

    private static void drain(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
    }

    /** Collects endpoints, then binds. */
    public static final class Builder {
        private final String name;
        private final InetSocketAddress bind;
        private final Map<String, AdminEndpoint> endpoints = new LinkedHashMap<>();

        private Builder(String name, InetSocketAddress bind) {
            this.name = Objects.requireNonNull(name, "name");
            this.bind = Objects.requireNonNull(bind, "bind");
        }

        /** Serves {@code endpoint} at exactly {@code path} (which starts with {@code /}). */
        public Builder endpoint(String path, AdminEndpoint endpoint) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path: '" + path + "' (expected: starts with /)");
            }
            if (endpoints.putIfAbsent(path, Objects.requireNonNull(endpoint, "endpoint")) != null) {
                throw new IllegalArgumentException("path: '" + path + "' registered twice");
            }
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws UncheckedIOException naming the address when it cannot be bound (likely another process,
         *     or a previous node-agent still draining, holds the port)
         */
        public AdminServer start() {
            HttpServer server;
            try {
                server = HttpServer.create(bind, 64);
            } catch (IOException e) {
                throw new UncheckedIOException(name + " server: cannot listen on " + Json.hostPort(bind)
                        + " (is another process using the port?)", e);
            }
            ExecutorService executor = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("trellis-" + name + "-http").daemon(true).factory());
            AdminServer running = new AdminServer(name, server, executor,
                    Collections.unmodifiableMap(new LinkedHashMap<>(endpoints)));
            server.createContext("/", running::handle);
            server.setExecutor(executor);
            server.start();
            log.info("{} server listening on {}", name, Json.hostPort(running.address()));
            return running;
        }
    }
}
