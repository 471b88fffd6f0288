package dev.trellis.cni.server;

import dev.trellis.cni.spec.CniRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link PodRef} from a CNI request: the last place CNI JSON (prevResult's "ips") is read. */
final class PodRefs {
    private PodRefs() {
    }

    static PodRef from(CniRequest request) {
        return new PodRef(request.arg(CniRequest.POD_NAMESPACE_ARG).orElse(""),
                request.arg(CniRequest.POD_NAME_ARG).orElse(""), request.arg(CniRequest.POD_UID_ARG).orElse(""),
                request.containerId(), request.netns(), ips(request));
    }

    private static List<String> ips(CniRequest request) {
        List<String> ips = new ArrayList<>();
        Object list = request.config().prevResult().map(r -> r.get("ips")).orElse(null);
        if (list instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> ip && ip.get("address") instanceof String address) {
                    int slash = address.indexOf('/');
                    ips.add(slash < 0 ? address : address.substring(0, slash));
                }
            }
        }
        return ips;
    }
}
