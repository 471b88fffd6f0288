package dev.trellis.core.admin;

/**
 * A store that can show its current state for {@code /config_dump}: a tree that {@link Json#write(Object)}
 * renders (maps, lists, records, scalars). Called on the admin thread; read the published snapshot, never
 * lock what an event loop needs.
 */
@FunctionalInterface
public interface Dumpable {

    Object dump();
}
