package dev.trellis.controlplane.store;

/** A status update for an object the store does not hold. */
public final class NotFoundException extends StoreException {

    public NotFoundException(ObjectKey key) {
        super(key + ": not found");
    }
}
