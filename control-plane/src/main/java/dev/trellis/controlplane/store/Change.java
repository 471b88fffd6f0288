package dev.trellis.controlplane.store;

import java.util.List;

/**
 * What one store call changed. Objects whose content did not change are in none of the lists, and a call
 * that changed nothing leaves the revision as it was and notifies nobody.
 *
 * @param revision the store revision after the call
 * @param created keys of new objects
 * @param updated keys of objects whose content changed
 * @param deleted keys of removed objects
 */
public record Change(long revision, List<ObjectKey> created, List<ObjectKey> updated, List<ObjectKey> deleted) {

    public Change {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
    }

    public boolean isEmpty() {
        return created.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }
}
