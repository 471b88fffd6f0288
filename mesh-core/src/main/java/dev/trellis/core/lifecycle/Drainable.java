package dev.trellis.core.lifecycle;

import java.util.concurrent.CompletionStage;

/**
 * Something that can stop gracefully: listeners that stop accepting and wait for their connections, a
 * tunnel pool that sends GOAWAY and waits for its streams.
 */
public interface Drainable {

    /**
     * Starts draining; the stage completes when nothing is left. Must not block: return at once and
     * complete the stage later.
     */
    CompletionStage<Void> drain();

    /** Closes whatever is still open, now. Called once, only when the drain deadline passes first. */
    void forceClose();
}
