package dev.trellis.nodeagent.pod;

import dev.trellis.core.hbone.Relay;
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.nodeagent.telemetry.ResponseFlag;
import dev.trellis.nodeagent.telemetry.TrackedConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.Optional;

/** Relays a captured connection to its upstream and reports the end to telemetry. */
final class Splices {
    private Splices() {
    }

    /** Splices {@code downstream} (a) with {@code upstream} (b); closes {@code tracked} with the outcome. */
    static void splice(Channel downstream, Channel upstream, TrackedConnection tracked,
            Optional<EndpointLoad.Tracked> load) {
        Relay.splice(downstream, upstream, result -> {
            tracked.sent(result.bytesAToB());
            tracked.received(result.bytesBToA());
            load.ifPresent(EndpointLoad.Tracked::close);
            if (result.failure().isEmpty()) {
                tracked.close(ResponseFlag.NONE, Optional.empty());
            } else {
                Relay.Failure f = result.failure().get();
                tracked.close(f.onA() ? ResponseFlag.DOWNSTREAM_RESET : ResponseFlag.UPSTREAM_RESET,
                        Optional.of(String.valueOf(f.cause())));
            }
        });
    }

    /** Closes {@code channel} with a TCP reset, so the caller sees the failure at once. */
    static void reset(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }
}
