package dev.trellis.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Socket options the JDK lacks, on a socket's file descriptor (for a Netty epoll channel:
 * {@code channel.fd().intValue()}): SO_MARK (CAP_NET_ADMIN), IP_TRANSPARENT (CAP_NET_ADMIN), and the original
 * destination of a connection redirected by iptables (SO_ORIGINAL_DST / IP6T_SO_ORIGINAL_DST).
 */
public final class SocketOptions {

    private static final int SOL_SOCKET = 1;
    private static final int SO_MARK = 36;
    private static final int SOL_IP = 0;
    private static final int SOL_IPV6 = 41;
    private static final int IP_TRANSPARENT = 19;
    private static final int IPV6_TRANSPARENT = 75;
    /** Same number for IPv4 (in SOL_IP) and IPv6 (IP6T_SO_ORIGINAL_DST in SOL_IPV6). */
    private static final int SO_ORIGINAL_DST = 80;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private SocketOptions() {
    }

    public static void setMark(int fd, int mark) {
        setInt(fd, SOL_SOCKET, SO_MARK, mark, "SO_MARK", "the node-agent needs CAP_NET_ADMIN to mark sockets");
    }

    public static int mark(int fd) {
        return getInt(fd, SOL_SOCKET, SO_MARK, "SO_MARK");
    }

    /** Allows binding to an address that is not local (to keep a caller's source IP), for IPv4 or IPv6. */
    public static void setTransparent(int fd, boolean ipv6) {
        setInt(fd, ipv6 ? SOL_IPV6 : SOL_IP, ipv6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, 1,
                ipv6 ? "IPV6_TRANSPARENT" : "IP_TRANSPARENT", "needs CAP_NET_ADMIN");
    }

    /**
     * Where a connection redirected by an iptables REDIRECT rule was originally going.
     *
     * @throws LinuxException with ENOENT when the connection was not redirected (no conntrack entry)
     */
    public static InetSocketAddress originalDestination(int fd, boolean ipv6) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(arena);
            int size = ipv6 ? 28 : 16;
            MemorySegment addr = arena.allocate(size);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, size);
            int r = (int) Libc.GETSOCKOPT.invoke(errno, fd, ipv6 ? SOL_IPV6 : SOL_IP, SO_ORIGINAL_DST, addr, len);
            Libc.check(r, errno, ipv6 ? "getsockopt(IP6T_SO_ORIGINAL_DST)" : "getsockopt(SO_ORIGINAL_DST)",
                    "was the connection redirected by the capture rules (nf_conntrack loaded)?");
            return sockaddr(addr, ipv6);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getsockopt could not be called: " + t, t);
        }
    }

    private static InetSocketAddress sockaddr(MemorySegment addr, boolean ipv6) throws UnknownHostException {
        int family = addr.get(ValueLayout.JAVA_SHORT, 0) & 0xffff;
        int port = ((addr.get(ValueLayout.JAVA_BYTE, 2) & 0xff) << 8) | (addr.get(ValueLayout.JAVA_BYTE, 3) & 0xff);
        if (family == AF_INET) {
            byte[] ip = addr.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        }
        if (family == AF_INET6) {
            byte[] ip = addr.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        }
        throw new IllegalStateException("original destination has address family " + family
                + " (expected: " + (ipv6 ? "AF_INET6" : "AF_INET") + ")");
    }

    private static void setInt(int fd, int level, int option, int value, String name, String hint) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(arena);
            int r = (int) Libc.SETSOCKOPT.invoke(errno, fd, level, option,
                    arena.allocateFrom(ValueLayout.JAVA_INT, value), 4);
            Libc.check(r, errno, "setsockopt(fd " + fd + ", " + name + ", " + value + ")", hint);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt could not be called: " + t, t);
        }
    }

    private static int getInt(int fd, int level, int option, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(arena);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, 4);
            int r = (int) Libc.GETSOCKOPT.invoke(errno, fd, level, option, value, len);
            Libc.check(r, errno, "getsockopt(fd " + fd + ", " + name + ")", "");
            return value.get(ValueLayout.JAVA_INT, 0);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getsockopt could not be called: " + t, t);
        }
    }
}
