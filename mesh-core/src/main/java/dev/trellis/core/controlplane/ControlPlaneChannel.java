package dev.trellis.core.controlplane;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The channel to the control plane: TLS against the roots in {@code trustBundle}, and on every call the
 * bearer token read afresh from {@code tokenPath} (a projected token is rotated by the kubelet). When the
 * address is an IP, the control plane's certificate is checked for the name {@code
 * trellis-control-plane.<namespace>.svc}.
 */
public final class ControlPlaneChannel implements AutoCloseable {
    private final ManagedChannel channel;
    private final Channel authenticated;

    private ControlPlaneChannel(ManagedChannel channel, Path tokenPath) {
        this.channel = channel;
        this.authenticated = ClientInterceptors.intercept(channel, new BearerToken(tokenPath));
    }

    public static ControlPlaneChannel open(InetSocketAddress address, String namespace, Path trustBundle, Path tokenPath)
            throws SSLException {
        String host = address.getHostString();
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, address.getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(trustBundle.toFile()).build())
                .keepAliveTime(30, TimeUnit.SECONDS);
        if (isIpLiteral(host)) {
            b.overrideAuthority("trellis-control-plane." + namespace + ".svc");
        }
        return new ControlPlaneChannel(b.build(), tokenPath);
    }

    /** Calls on this channel carry the node's token. */
    public Channel channel() {
        return authenticated;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private static boolean isIpLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Adds {@code authorization: Bearer <token>}, the token read when the call starts. */
    private static final class BearerToken implements ClientInterceptor {
        private static final Metadata.Key<String> AUTHORIZATION =
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        private final Path tokenPath;

        BearerToken(Path tokenPath) {
            this.tokenPath = tokenPath;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return next.newCall(method, options.withCallCredentials(new CallCredentials() {
                @Override
                public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                    try {
                        Metadata m = new Metadata();
                        m.put(AUTHORIZATION, "Bearer " + Files.readString(tokenPath).strip());
                        applier.apply(m);
                    } catch (IOException e) {
                        applier.fail(Status.UNAUTHENTICATED.withDescription("cannot read the node's token at "
                                + tokenPath + ": " + e.getMessage()));
                    }
                }
            }));
        }
    }
}
