package dev.trellis.controlplane.store;

/**
 * A change that is valid on its own but clashes with the store: two objects with one key in one call, a
 * cluster IP already held by another Service, an exhausted VIP range, an object owned by another file.
 */
public final class ConflictException extends StoreException {

    public ConflictException(String message) {
        super(message);
    }
}
