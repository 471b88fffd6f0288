package dev.trellis.core.hbone;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/** The answer to one CONNECT: accept with a connected upstream, or reject with a reason. */
public interface HboneResponder {

    /** The stream's event loop: connect the upstream on it to avoid hand-offs between threads. */
    EventLoop eventLoop();

    /** Answers 200 and relays the stream to {@code upstream} (a connected TCP channel) until both finish. */
    void accept(Channel upstream);

    /** {@link #accept(Channel)}, and {@code onDone} gets the bytes each way when the relay ends. */
    void accept(Channel upstream, java.util.function.Consumer<Relay.RelayResult> onDone);

    /** Answers 401 for {@link HboneRejection#DENIED}, 503 for {@link HboneRejection#UPSTREAM_FAILED}, else 400. */
    void reject(HboneRejection reason, String detail);
}
