package dev.trellis.cni.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The launcher ↔ node-agent wire format on the CNI unix socket: one request frame, one reply frame, then the
 * connection closes. JDK only, because the launcher loads it.
 *
 * <pre>
 * request = magic "TRC1", u32 count, count × (string key, string value), string stdin
 * reply   = magic "TRC1", u32 exitCode, string stdout, string stderr
 * string  = u32 length, UTF-8 bytes (at most {@link #MAX_STRING_BYTES})
 * </pre>
 * The reply's stdout and exit code are what the launcher prints and exits with; stderr carries warnings for the
 * runtime's log.
 */
public final class HandoffFrames {
    public static final int MAGIC = 0x54524331; // "TRC1"
    public static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_ENTRIES = 64;

    private HandoffFrames() {
    }

    public static void writeRequest(DataOutputStream out, Map<String, String> env, String stdin) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        writeString(out, stdin);
        out.flush();
    }

    public static Request readRequest(DataInputStream in) throws IOException {
        readMagic(in);
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException("request environment entries: " + count + " (expected: 0.." + MAX_ENTRIES + ")");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            env.put(readString(in), readString(in));
        }
        return new Request(env, readString(in));
    }

    public static void writeReply(DataOutputStream out, Reply reply) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(reply.exitCode());
        writeString(out, reply.stdout());
        writeString(out, reply.stderr());
        out.flush();
    }

    public static Reply readReply(DataInputStream in) throws IOException {
        readMagic(in);
        int exitCode = in.readInt();
        return new Reply(exitCode, readString(in), readString(in));
    }

    private static void readMagic(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException(String.format("frame magic: 0x%08x (expected: 0x%08x, \"TRC1\")", magic, MAGIC));
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IOException("string of " + bytes.length + " bytes (expected: at most " + MAX_STRING_BYTES + ")");
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("string length: " + length + " (expected: 0.." + MAX_STRING_BYTES + ")");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** What the launcher forwards: the CNI_* variables and stdin, untouched. */
    public record Request(Map<String, String> env, String stdin) {
    }

    /** What the launcher prints (stdout, stderr) and exits with. */
    public record Reply(int exitCode, String stdout, String stderr) {
        public static Reply success(String stdout) {
            return new Reply(0, stdout, "");
        }
    }
}
