package dev.trellis.cni.chain;

import dev.trellis.cni.server.HandoffException;
import dev.trellis.cni.server.PodHandoff;
import dev.trellis.cni.server.PodRef;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A node-agent stand-in that records which pods it was handed and can refuse the next one. */
final class RecordingHandoff implements PodHandoff {
    final List<PodRef> added = new CopyOnWriteArrayList<>();
    final List<PodRef> removed = new CopyOnWriteArrayList<>();
    final AtomicBoolean refuseNext = new AtomicBoolean();

    @Override
    public void podAdded(PodRef pod) throws HandoffException {
        if (refuseNext.getAndSet(false)) {
            throw new HandoffException("listeners for " + pod.displayName() + " could not be opened (test)");
        }
        added.add(pod);
    }

    @Override
    public void podRemoved(PodRef pod) {
        removed.add(pod);
    }
}
