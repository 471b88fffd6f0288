package dev.trellis.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A listening socket handed to a new owner over a unix socket keeps accepting: the upgrade hand-over. */
class FdPassingTest {

    @Test
    void aPassedListenerKeepsAcceptingAfterTheOldOwnerLetGo() throws Exception {
        try (EpollFixture epoll = new EpollFixture()) {
            Channel old = epoll.listen(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) old.localAddress()).getPort();
            int oldFd = ((EpollServerSocketChannel) old).fd().intValue();
            int[] pair = FdPassing.socketPair();
            try {
                FdPassing.send(pair[0], "listeners".getBytes(StandardCharsets.US_ASCII), oldFd);
                FdPassing.Received got = FdPassing.receive(pair[1], 64);
                assertThat(new String(got.payload(), StandardCharsets.US_ASCII)).isEqualTo("listeners");
                assertThat(got.fds()).hasSize(1).doesNotContain(oldFd);

                CountDownLatch acceptedByNew = new CountDownLatch(1);
                Channel taken = new ServerBootstrap().group(epoll.group)
                        .channelFactory(() -> new EpollServerSocketChannel(got.fds()[0]))
                        .childHandler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                acceptedByNew.countDown();
                            }
                        })
                        .register().sync().channel();
                old.close().sync();
                try (Socket s = new Socket("127.0.0.1", port)) {
                    assertThat(acceptedByNew.await(5, TimeUnit.SECONDS)).isTrue();
                }
                taken.close().sync();
            } finally {
                FdPassing.close(pair[0]);
                FdPassing.close(pair[1]);
            }
        }
    }

    @Test
    void badUseIsRefusedClearly() {
        assertThatThrownBy(() -> FdPassing.send(3, new byte[0], 5)).hasMessageContaining("expected: a payload");
        assertThatThrownBy(() -> FdPassing.send(3, new byte[1])).hasMessageContaining("0 fds");
        assertThatThrownBy(() -> FdPassing.receive(-1, 16))
                .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }
}
