package dev.trellis.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions Trellis calls, bound once through the foreign-function API, each capturing errno.
 * Every call returns the raw result; callers turn -1 into a {@link LinuxException} with {@link #check}.
 */
final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static final MethodHandle OPEN = bind("open", ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    static final MethodHandle CLOSE = bind("close", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    static final MethodHandle SETNS = bind("setns", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    static final MethodHandle SETSOCKOPT = bind("setsockopt", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    static final MethodHandle GETSOCKOPT = bind("getsockopt", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    static final MethodHandle SENDMSG = bind("sendmsg", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    static final MethodHandle RECVMSG = bind("recvmsg", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    static final MethodHandle SOCKETPAIR = bind("socketpair", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);

    private Libc() {
    }

    /** A segment to receive errno, to pass as the first argument of every bound call. */
    static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    /** Throws when {@code result} is negative, naming the call and errno. */
    static long check(long result, MemorySegment errnoSlot, String call, String hint) {
        if (result < 0) {
            throw new LinuxException(call, errno(errnoSlot), hint);
        }
        return result;
    }

    private static MethodHandle bind(String name, ValueLayout result, ValueLayout... args) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name + "()"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(result, args), CAPTURE_ERRNO);
    }
}
