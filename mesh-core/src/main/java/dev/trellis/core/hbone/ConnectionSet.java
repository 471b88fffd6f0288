package dev.trellis.core.hbone;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The connections of one pool key. A stream takes a slot on a live connection with room, else a slot on a
 * connection still being dialled, else dials a new one: so a burst of N streams opens ceil(N / max)
 * connections, not N. Guarded by its own monitor; held only to pick or register a connection, never during I/O.
 */
final class ConnectionSet {

    /** A connection being dialled and the stream slots already promised on it. */
    private static final class Dial {
        final CompletableFuture<HboneConnection> future;
        int reserved = 1;

        Dial(CompletableFuture<HboneConnection> future) {
            this.future = future;
        }
    }

    private final List<HboneConnection> live = new ArrayList<>();
    private final List<Dial> dialing = new ArrayList<>();

    synchronized CompletableFuture<HboneConnection> acquire(int max, Supplier<CompletableFuture<HboneConnection>> dial) {
        live.removeIf(c -> !c.usable());
        for (HboneConnection c : live) {
            if (c.tryReserve(max)) {
                return CompletableFuture.completedFuture(c);
            }
        }
        for (Dial d : dialing) {
            if (d.reserved < max) {
                d.reserved++;
                return d.future;
            }
        }
        Dial d = new Dial(dial.get());
        dialing.add(d);
        d.future.whenComplete((c, e) -> dialed(d, c));
        return d.future;
    }

    private synchronized void dialed(Dial d, HboneConnection connection) {
        dialing.remove(d);
        if (connection != null) {
            connection.reserve(d.reserved);
            live.add(connection);
        }
    }

    synchronized int size() {
        live.removeIf(c -> !c.usable());
        return live.size();
    }
}
