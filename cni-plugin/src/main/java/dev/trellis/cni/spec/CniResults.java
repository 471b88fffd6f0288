package dev.trellis.cni.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** The success documents a chained plugin prints. */
public final class CniResults {
    private CniResults() {
    }

    /** The previous result, passed through, stamped with the request's version as the specification asks. */
    public static String passThrough(NetworkConfig config) {
        Map<String, Object> result = new LinkedHashMap<>(config.prevResult().orElseGet(LinkedHashMap::new));
        result.put("cniVersion", config.cniVersion());
        return Json.write(result);
    }
}
