package dev.trellis.controlplane.store;

import java.net.InetAddress;
import java.util.Map;
import java.util.regex.Pattern;

/** The Kubernetes rules for names, label keys and values, and IP literals, as field checks. */
final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern PORT_NAME = Pattern.compile("(?=.{1,15}$)(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE =
            Pattern.compile("(?=.{0,63}$)([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    private Names() {
    }

    static String dnsLabel(String value, String path) {
        return check(value, DNS_LABEL, path, "a DNS label: lower-case letters, digits and '-', at most 63");
    }

    static String dnsSubdomain(String value, String path) {
        return check(value, DNS_SUBDOMAIN, path, "a DNS subdomain: lower-case letters, digits, '-' and '.'");
    }

    static String portName(String value, String path) {
        return check(value, PORT_NAME, path, "a port name: at most 15 lower-case letters, digits and '-'");
    }

    /** Checks label (or annotation) keys, and label values when {@code values} is set. */
    static Map<String, String> labels(Map<String, String> labels, String path, boolean values) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String key = e.getKey();
            String keyPath = path + "." + key;
            int slash = key.indexOf('/');
            if (slash >= 0) {
                check(key.substring(0, slash), DNS_SUBDOMAIN, keyPath, "a key prefix that is a DNS subdomain");
            }
            check(key.substring(slash + 1), LABEL_NAME, keyPath, "a key of at most 63 letters, digits, '-_.'");
            if (values) {
                check(e.getValue(), LABEL_VALUE, keyPath, "a value of at most 63 letters, digits, '-_.'");
            }
        }
        return labels;
    }

    /** An IPv4 or IPv6 literal (never a host name: nothing here resolves names). */
    static InetAddress ip(String value, String path) {
        if (!(value.contains(".") || value.contains(":"))) {
            throw FieldException.unexpected(path, value, "an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.ofLiteral(value);
        } catch (IllegalArgumentException e) {
            throw FieldException.unexpected(path, value, "an IPv4 or IPv6 address");
        }
    }

    private static String check(String value, Pattern pattern, String path, String expectation) {
        if (!pattern.matcher(value).matches()) {
            throw FieldException.unexpected(path, value, expectation);
        }
        return value;
    }
}
