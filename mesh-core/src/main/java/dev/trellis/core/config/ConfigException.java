package dev.trellis.core.config;

/** A flag or variable whose value a program cannot use; programs exit with status 2 on it. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConfigException(String flag, String value, String expected) {
        this("--" + flag + " (" + Settings.envName(flag) + "): '" + value + "' (expected: " + expected + ")");
    }

    public ConfigException(String message) {
        super(message);
    }
}
