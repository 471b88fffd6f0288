package dev.trellis.cni.spec;

/** The error codes of the CNI specification (1.0.0 and 1.1.0, "Error" section); 100 and above are ours. */
public enum CniErrorCode {
    INCOMPATIBLE_VERSION(1),
    UNSUPPORTED_FIELD(2),
    CONTAINER_UNKNOWN(3),
    INVALID_ENVIRONMENT(4),
    IO_FAILURE(5),
    DECODE_FAILURE(6),
    INVALID_NETWORK_CONFIG(7),
    TRY_AGAIN_LATER(11),
    /** Our own: the node-agent could not be reached or refused the pod. */
    NODE_AGENT_UNAVAILABLE(100),
    /** Our own: writing or checking the redirection rules failed. */
    REDIRECTION_FAILED(101),
    /** Our own: CHECK found the pod's redirection missing or altered. */
    REDIRECTION_MISSING(102);

    private final int code;

    CniErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
