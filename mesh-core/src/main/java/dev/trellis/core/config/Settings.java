package dev.trellis.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One program's settings: every known flag with its value after defaults, environment and arguments.
 * Unknown flags fail; unknown {@code TRELLIS_*} variables are reported by {@link #unknownVariables} so the
 * program can warn about typos without failing (the chart may set variables meant for another program).
 */
public final class Settings {
    public static final String ENV_PREFIX = "TRELLIS_";
    /** Read by the launchers, not by the programs. */
    private static final List<String> LAUNCHER_VARIABLES = List.of("TRELLIS_JAVA_OPTS", "TRELLIS_HOME");

    private final Map<String, String> values;
    private final List<String> unknownVariables;

    private Settings(Map<String, String> values, List<String> unknownVariables) {
        this.values = values;
        this.unknownVariables = List.copyOf(unknownVariables);
    }

    /**
     * Merges {@code defaults} (flag → default; {@code null} means no default), then {@code env}, then
     * {@code args} ({@code --flag value} or {@code --flag=value}).
     */
    public static Settings read(Map<String, String> defaults, List<String> args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        List<String> unknown = new ArrayList<>();
        Map<String, String> flagByVariable = new LinkedHashMap<>();
        defaults.keySet().forEach(flag -> flagByVariable.put(envName(flag), flag));
        env.forEach((name, value) -> {
            String flag = flagByVariable.get(name);
            if (flag != null) {
                if (!value.isBlank()) {
                    values.put(flag, value.strip());
                }
            } else if (name.startsWith(ENV_PREFIX) && !LAUNCHER_VARIABLES.contains(name)) {
                unknown.add(name + nearest(name, flagByVariable.keySet()));
            }
        });
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new ConfigException("argument '" + arg + "' (expected: a flag --name value; known flags: "
                        + defaults.keySet() + ")");
            }
            int eq = arg.indexOf('=');
            String flag = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (!defaults.containsKey(flag)) {
                throw new ConfigException(flag, arg, "one of the known flags " + defaults.keySet());
            }
            if (eq >= 0) {
                values.put(flag, arg.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                values.put(flag, args.get(++i));
            } else {
                throw new ConfigException(flag, "", "a value after --" + flag);
            }
        }
        return new Settings(values, unknown);
    }

    /** The variable of {@code flag}: {@code node-name} → {@code TRELLIS_NODE_NAME}. */
    public static String envName(String flag) {
        return ENV_PREFIX + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Every flag's value after defaults, environment and arguments ({@code null}: unset, no default). */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** {@code TRELLIS_*} variables no flag reads, each with a "did you mean" hint when one is close. */
    public List<String> unknownVariables() {
        return unknownVariables;
    }

    /** The value; fails when the flag has no default and was not set. */
    public String string(String flag, String whatItIs) {
        String value = values.get(flag);
        if (value == null || value.isBlank()) {
            throw new ConfigException("--" + flag + " (" + envName(flag) + ") is required: " + whatItIs);
        }
        return value;
    }

    public Optional<String> optional(String flag) {
        return Optional.ofNullable(values.get(flag)).filter(v -> !v.isBlank());
    }

    /** One of {@code choices}, compared without case. */
    public String choice(String flag, List<String> choices) {
        String value = string(flag, "one of " + choices);
        for (String c : choices) {
            if (c.equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw new ConfigException(flag, value, "one of " + choices);
    }

    public Path path(String flag) {
        return Path.of(string(flag, "a path"));
    }

    public int port(String flag) {
        int port = integer(flag);
        if (port < 1 || port > 65535) {
            throw new ConfigException(flag, values.get(flag), "a port number 1-65535");
        }
        return port;
    }

    public int integer(String flag) {
        String value = string(flag, "a whole number");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, value, "a whole number");
        }
    }

    /** Whole seconds in {@code 0..max}. */
    public Duration seconds(String flag, int max) {
        int value;
        try {
            value = integer(flag);
        } catch (ConfigException e) {
            throw new ConfigException(flag, values.get(flag), "whole seconds, 0.." + max);
        }
        if (value < 0 || value > max) {
            throw new ConfigException(flag, values.get(flag), "whole seconds, 0.." + max);
        }
        return Duration.ofSeconds(value);
    }

    /** A duration such as {@code 90s}, {@code 30m}, {@code 24h} or {@code 7d}. */
    public Duration duration(String flag) {
        String value = string(flag, "a duration such as 30m or 24h");
        try {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            Duration d = switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ConfigException(flag, value, "a positive duration such as 90s, 30m, 24h or 7d");
        }
    }

    /** {@code host:port} ({@code [v6]:port} for IPv6), unresolved. */
    public InetSocketAddress hostPort(String flag) {
        String value = string(flag, "host:port");
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, value, "host:port, e.g. 127.0.0.1:" + (colon < 0 ? "15010" : "port"));
        }
    }

    private static String nearest(String name, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance; settings names are short. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
