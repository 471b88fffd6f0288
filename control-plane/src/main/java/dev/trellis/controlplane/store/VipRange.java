package dev.trellis.controlplane.store;

import dev.trellis.core.model.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The IPv4 range Services' VIPs are allocated from when their file gives none. A Service's VIP is picked by
 * hashing its namespace and name into the range and probing forward past taken addresses, so the same
 * files give the same VIPs on every start (unless two services collide, and then the store's key order
 * decides, which is also stable). The network and broadcast addresses are never handed out.
 */
public final class VipRange {

    public static final Cidr DEFAULT = Cidr.parse("198.19.0.0/16");

    private final Cidr range;
    private final long base;
    private final long size;

    private VipRange(Cidr range) {
        this.range = range;
        this.base = toLong(range.network()) & mask(range.prefixLength());
        this.size = 1L << (32 - range.prefixLength());
    }

    /** A range of IPv4 addresses with at least 4 addresses (prefix /30 or longer is refused). */
    public static VipRange of(Cidr range) {
        if (range.network().getAddress().length != 4 || range.prefixLength() > 30) {
            throw new IllegalArgumentException("VIP range: " + range + " (expected: an IPv4 prefix of /30 or wider)");
        }
        return new VipRange(range);
    }

    public Cidr cidr() {
        return range;
    }

    /**
     * A free VIP for {@code namespace/name}.
     *
     * @throws ConflictException when every address of the range is taken
     */
    public InetAddress allocate(String namespace, String name, Set<InetAddress> taken) {
        long usable = size - 2;
        long start = Long.remainderUnsigned(hash(namespace + "/" + name), usable);
        for (long i = 0; i < usable; i++) {
            InetAddress candidate = toAddress(base + 1 + (start + i) % usable);
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
        throw new ConflictException("Service " + namespace + "/" + name + ": no free VIP left in " + range
                + " (expected: a wider range, or clusterIP written in the file)");
    }

    private static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    private static long toLong(InetAddress address) {
        long v = 0;
        for (byte b : address.getAddress()) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    private static InetAddress toAddress(long v) {
        byte[] bytes = {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
