package dev.trellis.linux;

/**
 * A Linux call failed. The message names the call, its arguments that matter, the errno with its meaning,
 * and a likely cause (a missing capability, a namespace that vanished).
 */
public final class LinuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    LinuxException(String call, int errno, String hint) {
        super(call + " failed: errno " + errno + " (" + Errno.name(errno) + ")" + (hint.isEmpty() ? "" : "; " + hint));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
