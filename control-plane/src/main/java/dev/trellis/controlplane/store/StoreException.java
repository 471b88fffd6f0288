package dev.trellis.controlplane.store;

/**
 * Why the store refused a change. The store is unchanged when one is thrown: a refused object never
 * replaces the version it holds.
 */
public abstract sealed class StoreException extends RuntimeException
        permits InvalidResourceException, ConflictException, NotFoundException {

    StoreException(String message) {
        super(message);
    }

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
