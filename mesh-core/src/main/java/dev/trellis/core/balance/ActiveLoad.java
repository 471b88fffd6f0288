package dev.trellis.core.balance;

import java.net.InetAddress;

/** What a proxy has outstanding at an endpoint now: open connections or requests in flight (least request reads it). */
@FunctionalInterface
public interface ActiveLoad {

    int active(InetAddress endpoint);
}
