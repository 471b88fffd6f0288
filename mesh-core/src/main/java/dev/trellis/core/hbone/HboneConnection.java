package dev.trellis.core.hbone;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/** One pooled TLS + HTTP/2 connection of the client and how many stream slots are taken on it. */
final class HboneConnection {

    private final Channel channel;
    private final AtomicInteger streams = new AtomicInteger();

    HboneConnection(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    boolean usable() {
        return channel.isActive();
    }

    /** Takes a stream slot if fewer than {@code max} are taken. */
    boolean tryReserve(int max) {
        while (true) {
            int n = streams.get();
            if (n >= max) {
                return false;
            }
            if (streams.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void reserve(int count) {
        streams.addAndGet(count);
    }

    void release() {
        streams.decrementAndGet();
    }

    int streams() {
        return streams.get();
    }
}
