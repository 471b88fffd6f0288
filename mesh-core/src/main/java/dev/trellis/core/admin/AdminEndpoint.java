package dev.trellis.core.admin;

/**
 * One admin path. Runs on the admin server's own thread; it may block briefly (it never runs on an event
 * loop) but should only read published state. A thrown exception becomes a 500 whose body names it.
 */
@FunctionalInterface
public interface AdminEndpoint {

    AdminResponse handle(AdminRequest request) throws Exception;
}
