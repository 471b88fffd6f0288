package dev.trellis.ctl.store;

import dev.trellis.api.store.v1.ApplyRequest;
import dev.trellis.api.store.v1.ApplyResponse;
import dev.trellis.api.store.v1.AwaitProxiesRequest;
import dev.trellis.api.store.v1.AwaitProxiesResponse;
import dev.trellis.api.store.v1.DeleteRequest;
import dev.trellis.api.store.v1.DeleteResponse;
import dev.trellis.api.store.v1.ListRequest;
import dev.trellis.api.store.v1.SetPodStatusRequest;
import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.api.store.v1.StoreServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The store API over one TLS channel. Failures become {@link IllegalArgumentException}s whose message is
 * the control plane's own (it names the object and field), so meshctl prints one clear line.
 */
public final class StoreClient implements AutoCloseable {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final StoreServiceGrpc.StoreServiceBlockingStub stub;
    private final String address;

    public StoreClient(ControlPlaneTarget target) {
        this.address = target.address();
        String token;
        try {
            token = Files.readString(target.adminTokenFile()).strip();
            int colon = target.address().lastIndexOf(':');
            channel = NettyChannelBuilder.forAddress(target.address().substring(0, colon),
                            Integer.parseInt(target.address().substring(colon + 1)))
                    .overrideAuthority(target.authority())
                    .sslContext(GrpcSslContexts.forClient().trustManager(target.roots().toFile()).build())
                    .build();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach the control plane's store at " + target.address()
                    + ": " + e.getMessage() + " (is the lab up? run 'meshctl lab up')");
        }
        stub = StoreServiceGrpc.newBlockingStub(channel).withCallCredentials(new Bearer(token));
    }

    public ApplyResponse apply(YamlSources.Source source) {
        return call(() -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .apply(ApplyRequest.newBuilder().setYaml(source.yaml()).setSource(source.name()).build()));
    }

    public DeleteResponse delete(YamlSources.Source source) {
        return call(() -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .delete(DeleteRequest.newBuilder().setYaml(source.yaml()).setSource(source.name()).build()));
    }

    public List<StoredObject> list(String kind, String namespace) {
        return call(() -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .list(ListRequest.newBuilder().setKind(kind).setNamespace(namespace).build()).getObjectsList());
    }

    public void setPodStatus(String namespace, String name, List<String> ips, boolean ready) {
        call(() -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).setPodStatus(SetPodStatusRequest.newBuilder()
                .setNamespace(namespace).setName(name).addAllPodIps(ips).setReady(ready).build()));
    }

    public AwaitProxiesResponse awaitProxies(Duration timeout) {
        return call(() -> stub.withDeadlineAfter(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)
                .awaitProxies(AwaitProxiesRequest.newBuilder().setTimeoutMillis(timeout.toMillis()).build()));
    }

    private <T> T call(java.util.function.Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            if (s.getCode() == Status.Code.UNAVAILABLE) {
                throw new IllegalArgumentException("the control plane at " + address + " is unreachable ("
                        + s.getDescription() + "); is the lab up? run 'meshctl lab up'");
            }
            throw new IllegalArgumentException(s.getDescription() == null ? s.getCode().toString() : s.getDescription());
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** Sends the admin token as {@code authorization: Bearer <token>}. */
    private static final class Bearer extends CallCredentials {
        private final String token;

        Bearer(String token) {
            this.token = token;
        }

        @Override
        public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            applier.apply(headers);
        }
    }
}
