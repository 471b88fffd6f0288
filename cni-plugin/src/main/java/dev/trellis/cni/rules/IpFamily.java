package dev.trellis.cni.rules;

/** IPv4 or IPv6: each has its own iptables tables, loopback and policy routes, written in its own batch. */
public enum IpFamily {
    V4("-4", "0.0.0.0/0", "/32"),
    V6("-6", "::/0", "/128");

    private final String ipFlag;
    private final String anyAddress;
    private final String hostPrefix;

    IpFamily(String ipFlag, String anyAddress, String hostPrefix) {
        this.ipFlag = ipFlag;
        this.anyAddress = anyAddress;
        this.hostPrefix = hostPrefix;
    }

    /** The iproute2 family flag. */
    public String ipFlag() {
        return ipFlag;
    }

    /** The default route's destination, for the local route in the transparent-return table. */
    public String anyAddress() {
        return anyAddress;
    }

    /** How iptables-save prints a single host ({@code /32}, {@code /128}). */
    public String hostPrefix() {
        return hostPrefix;
    }
}
