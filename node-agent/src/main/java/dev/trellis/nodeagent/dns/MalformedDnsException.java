package dev.trellis.nodeagent.dns;

/** A DNS message the proxy cannot read; it is dropped (UDP) or the connection closed (TCP), and counted. */
public final class MalformedDnsException extends RuntimeException {
    public MalformedDnsException(String message) {
        super(message);
    }
}
