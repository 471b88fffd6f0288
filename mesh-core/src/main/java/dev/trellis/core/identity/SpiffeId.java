package dev.trellis.core.identity;

import java.util.regex.Pattern;

/**
 * A workload identity, {@code spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>}.
 *
 * <p>Only this shape is accepted: the SPIFFE specification allows any path, but Trellis authorizes by
 * namespace and service account, so an ID without them cannot be used. The trust domain follows the SPIFFE
 * rules (lower-case letters, digits, dot, dash, underscore); namespace and service account follow the
 * Kubernetes DNS-label and DNS-subdomain rules.
 */
public record SpiffeId(String trustDomain, String namespace, String serviceAccount) {

    public static final String SCHEME_PREFIX = "spiffe://";
    public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";

    private static final int MAX_LENGTH = 2048;
    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SERVICE_ACCOUNT =
            Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public SpiffeId {
        check(trustDomain, TRUST_DOMAIN, "trust domain");
        check(namespace, NAMESPACE, "namespace");
        check(serviceAccount, SERVICE_ACCOUNT, "service account");
    }

    /** An identity in the default trust domain {@value #DEFAULT_TRUST_DOMAIN}. */
    public static SpiffeId of(String namespace, String serviceAccount) {
        return new SpiffeId(DEFAULT_TRUST_DOMAIN, namespace, serviceAccount);
    }

    /**
     * Parses {@code spiffe://<td>/ns/<ns>/sa/<sa>}.
     *
     * @throws InvalidSpiffeIdException naming the value and the part that is wrong
     */
    public static SpiffeId parse(String value) {
        if (value == null) {
            throw new InvalidSpiffeIdException("null", "missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSpiffeIdException(value.substring(0, 64) + "...",
                    "longer than " + MAX_LENGTH + " characters");
        }
        if (!value.startsWith(SCHEME_PREFIX)) {
            throw new InvalidSpiffeIdException(value, "scheme must be 'spiffe://'");
        }
        String rest = value.substring(SCHEME_PREFIX.length());
        String[] parts = rest.split("/", -1);
        if (parts.length != 5 || !parts[1].equals("ns") || !parts[3].equals("sa")) {
            throw new InvalidSpiffeIdException(value, "path must be /ns/<namespace>/sa/<service-account>");
        }
        try {
            return new SpiffeId(parts[0], parts[2], parts[4]);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpiffeIdException(value, e.getMessage());
        }
    }

    /** The URI form, as carried in a certificate's URI SAN. */
    public String uri() {
        return SCHEME_PREFIX + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
    }

    @Override
    public String toString() {
        return uri();
    }

    private static void check(String part, Pattern pattern, String what) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (!pattern.matcher(part).matches()) {
            throw new IllegalArgumentException(what + " '" + part + "' has characters outside " + pattern.pattern());
        }
    }
}
