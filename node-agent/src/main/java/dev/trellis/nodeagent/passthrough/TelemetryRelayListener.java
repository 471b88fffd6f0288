package dev.trellis.nodeagent.passthrough;

import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.nodeagent.telemetry.ResponseFlag;
import dev.trellis.nodeagent.telemetry.TrackedConnection;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Feeds a relay's reports into a connection's telemetry and the endpoint load: bytes as they pass, the
 * upstream address once connected, and the end with its response flag (connect failure {@code UF}, a reset
 * on the target's side {@code UC}, on the caller's side {@code DC}).
 */
public final class TelemetryRelayListener implements RelayListener {

    private final TrackedConnection connection;
    private final EndpointLoad load;
    private EndpointLoad.Tracked tracked;

    public TelemetryRelayListener(TrackedConnection connection, EndpointLoad load) {
        this.connection = connection;
        this.load = load;
    }

    @Override
    public void connected(Channel upstream) {
        InetSocketAddress remote = (InetSocketAddress) upstream.remoteAddress();
        connection.upstream(remote);
        tracked = load.track(remote.getAddress());
    }

    @Override
    public void connectFailed(Throwable cause) {
        connection.close(ResponseFlag.UPSTREAM_CONNECT_FAILURE, Optional.of(String.valueOf(cause.getMessage())));
    }

    @Override
    public void sent(long bytes) {
        connection.sent(bytes);
    }

    @Override
    public void received(long bytes) {
        connection.received(bytes);
    }

    @Override
    public void closed(RelayFailure failure) {
        if (tracked != null) {
            tracked.close();
        }
        if (failure == null) {
            connection.close(ResponseFlag.NONE, Optional.empty());
            return;
        }
        ResponseFlag flag = failure.side() == RelayFailure.Side.UPSTREAM
                ? ResponseFlag.UPSTREAM_RESET : ResponseFlag.DOWNSTREAM_RESET;
        connection.close(flag, Optional.of(String.valueOf(failure.cause())));
    }
}
