package dev.trellis.core.balance;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServiceKey;
import java.util.List;

/**
 * Orders a service's healthy endpoints: the one to try first, then the fallbacks for a failure. Shared by the
 * node-agent (per connection) and the waypoint (per request).
 */
public interface LoadBalancer {

    /**
     * @param service the service whose endpoints these are (balancers that keep state key it by service)
     * @param healthy the endpoints that may take a connection; never empty
     * @param affinityKey what session affinity hashes: the calling workload's uid at L4, the configured
     *                    header's or cookie's value at L7; other balancers ignore it
     * @return every endpoint of {@code healthy}, once each, in the order to try
     */
    List<Endpoint> order(ServiceKey service, List<Endpoint> healthy, String affinityKey);
}
