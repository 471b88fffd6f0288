package dev.trellis.core.model;

import java.net.InetAddress;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix such as {@code 198.18.0.0/15}; a bare address is a /32 or /128. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0-" + max + ")");
        }
    }

    /** Parses {@code a.b.c.d/n}, {@code x::y/n} or a bare address. */
    public static Cidr parse(String value) {
        int slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        if (host.isEmpty() || !(host.contains(".") || host.contains(":"))) {
            throw new IllegalArgumentException("CIDR '" + value + "': not an IP address or prefix");
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CIDR '" + value + "': not an IP address or prefix");
        }
        try {
            int length = slash < 0 ? address.getAddress().length * 8 : Integer.parseInt(value.substring(slash + 1));
            return new Cidr(address, length);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CIDR '" + value + "': prefix length is not a number");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CIDR '" + value + "': " + e.getMessage());
        }
    }

    /** Whether {@code address} lies in this prefix (addresses of the other family never do). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        if (!Arrays.equals(a, 0, full, n, 0, full)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

}
