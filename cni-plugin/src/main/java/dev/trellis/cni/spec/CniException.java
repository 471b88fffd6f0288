package dev.trellis.cni.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure reported to the container runtime in the specification's error form:
 * {@code {"cniVersion":..,"code":..,"msg":..,"details":..}} on stdout and a non-zero exit.
 */
public final class CniException extends Exception {
    private final CniErrorCode code;
    private final String details;

    public CniException(CniErrorCode code, String message) {
        this(code, message, "");
    }

    public CniException(CniErrorCode code, String message, String details) {
        super(message);
        this.code = code;
        this.details = details == null ? "" : details;
    }

    public CniErrorCode code() {
        return code;
    }

    public String details() {
        return details;
    }

    /** The error document for the given version (the request's, or the newest we speak if it could not be read). */
    public String toJson(String cniVersion) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("cniVersion", cniVersion);
        error.put("code", code.code());
        error.put("msg", getMessage());
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return Json.write(error);
    }
}
