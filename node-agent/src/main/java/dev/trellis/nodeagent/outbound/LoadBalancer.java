package dev.trellis.nodeagent.outbound;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.Workload;
import java.util.List;

/** Orders a service's healthy endpoints: the one to try first, then the fallbacks for a connect failure. */
public interface LoadBalancer {

    /**
     * @param service the service whose endpoints these are (balancers that keep state key it by service)
     * @param healthy the endpoints that may take a connection; never empty
     * @param source the calling workload (affinity hashes it)
     * @return every endpoint of {@code healthy}, once each, in the order to try
     */
    List<Endpoint> order(ServiceKey service, List<Endpoint> healthy, Workload source);
}
