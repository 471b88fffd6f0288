package dev.trellis.cni.chain;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A one-connection IPv4 listener, run inside a pod's netns with nsenter, that prints the original destination
 * (SO_ORIGINAL_DST) of the connection it accepts: proof that a REDIRECT rule sent the connection here and kept
 * where it was going. Test-only FFM; the product's SO_ORIGINAL_DST lives in mesh-linux.
 * Prints {@code listening}, then {@code original-destination <ip>:<port>}, then {@code received <text>} with the
 * first bytes the client sends (or {@code received} and nothing when it closes without sending).
 */
public final class OriginalDestinationListener {
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SOL_IP = 0;
    private static final int SO_ORIGINAL_DST = 80;

    private OriginalDestinationListener() {
    }

    public static void main(String[] args) throws Throwable {
        int port = Integer.parseInt(args[0]);
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        MethodHandle socket = handle(linker, libc, "socket", FunctionDescriptor.of(i, i, i, i));
        MethodHandle setsockopt = handle(linker, libc, "setsockopt",
                FunctionDescriptor.of(i, i, i, i, ValueLayout.ADDRESS, i));
        MethodHandle bind = handle(linker, libc, "bind", FunctionDescriptor.of(i, i, ValueLayout.ADDRESS, i));
        MethodHandle listen = handle(linker, libc, "listen", FunctionDescriptor.of(i, i, i));
        MethodHandle accept = handle(linker, libc, "accept",
                FunctionDescriptor.of(i, i, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle read = handle(linker, libc, "read",
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        MethodHandle getsockopt = handle(linker, libc, "getsockopt",
                FunctionDescriptor.of(i, i, i, i, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) socket.invokeExact(AF_INET, SOCK_STREAM, 0);
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            check("setsockopt", (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_REUSEADDR, one, 4));
            MemorySegment address = arena.allocate(16);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            address.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8));
            address.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
            check("bind", (int) bind.invokeExact(fd, address, 16));
            check("listen", (int) listen.invokeExact(fd, 8));
            System.out.println("listening");
            System.out.flush();
            int connection = (int) accept.invokeExact(fd, MemorySegment.NULL, MemorySegment.NULL);
            check("accept", connection);
            MemorySegment original = arena.allocate(16);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, 16);
            check("getsockopt", (int) getsockopt.invokeExact(connection, SOL_IP, SO_ORIGINAL_DST, original, length));
            int originalPort = (Byte.toUnsignedInt(original.get(ValueLayout.JAVA_BYTE, 2)) << 8)
                    | Byte.toUnsignedInt(original.get(ValueLayout.JAVA_BYTE, 3));
            String ip = Byte.toUnsignedInt(original.get(ValueLayout.JAVA_BYTE, 4)) + "."
                    + Byte.toUnsignedInt(original.get(ValueLayout.JAVA_BYTE, 5)) + "."
                    + Byte.toUnsignedInt(original.get(ValueLayout.JAVA_BYTE, 6)) + "."
                    + Byte.toUnsignedInt(original.get(ValueLayout.JAVA_BYTE, 7));
            System.out.println("original-destination " + ip + ":" + originalPort);
            System.out.flush();
            MemorySegment buffer = arena.allocate(256);
            long n = (long) read.invokeExact(connection, buffer, 256L);
            byte[] bytes = buffer.asSlice(0, Math.max(0, n)).toArray(ValueLayout.JAVA_BYTE);
            System.out.println("received " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor) {
        return linker.downcallHandle(libc.find(name).orElseThrow(), descriptor);
    }

    private static void check(String call, int result) {
        if (result < 0) {
            throw new IllegalStateException(call + " failed: " + result);
        }
    }
}
