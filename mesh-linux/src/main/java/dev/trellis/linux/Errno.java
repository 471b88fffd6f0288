package dev.trellis.linux;

/** Names of the errno values these calls report, for messages. */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENOPROTOOPT = 92;

    private Errno() {
    }

    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM, operation not permitted";
            case ENOENT -> "ENOENT, no such file or directory";
            case EBADF -> "EBADF, bad file descriptor";
            case EACCES -> "EACCES, permission denied";
            case EINVAL -> "EINVAL, invalid argument";
            case ENOPROTOOPT -> "ENOPROTOOPT, protocol not available";
            default -> "see errno(3)";
        };
    }
}
