package dev.trellis.core.hbone;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Parses and formats CONNECT authorities: {@code ip:port} or {@code [ipv6]:port}, literal addresses only. */
public final class Authorities {

    private Authorities() {
    }

    /** The target, or null when the authority is missing or not a literal address with a port. */
    public static InetSocketAddress parse(CharSequence authority) {
        if (authority == null) {
            return null;
        }
        String a = authority.toString();
        int colon = a.lastIndexOf(':');
        if (colon <= 0 || colon == a.length() - 1) {
            return null;
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
            InetAddress address = InetAddress.ofLiteral(host);
            if (port < 1 || port > 65535) {
                return null;
            }
            return new InetSocketAddress(address, port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String format(InetSocketAddress target) {
        String host = target.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
    }
}
