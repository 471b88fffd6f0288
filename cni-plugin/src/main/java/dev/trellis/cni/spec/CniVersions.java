package dev.trellis.cni.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The specification versions we speak. CHECK exists from 0.4.0, so older ones are refused. */
public final class CniVersions {
    /** Used for replies when the request's own version could not be read. */
    public static final String NEWEST = "1.1.0";
    public static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");

    private CniVersions() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /** The VERSION command's answer. */
    public static String versionReply(String cniVersion) {
        String version = isSupported(cniVersion) ? cniVersion : NEWEST;
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("cniVersion", version);
        reply.put("supportedVersions", SUPPORTED);
        return Json.write(reply);
    }
}
