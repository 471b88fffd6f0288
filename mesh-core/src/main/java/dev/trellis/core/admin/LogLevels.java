package dev.trellis.core.admin;

import java.util.Map;

/** Reads and changes logger levels at run time; {@link LogbackLevels} is the implementation proxies use. */
public interface LogLevels {

    /** The name of the root logger. */
    String ROOT = "ROOT";

    /** Every configured logger with its effective level, by name. */
    Map<String, String> levels();

    /**
     * Sets {@code logger}'s level.
     *
     * @param logger a logger name, or {@link #ROOT}
     * @param level one of trace, debug, info, warn, error, off (any case)
     * @throws IllegalArgumentException naming the level and the accepted ones when it is not one of them
     */
    void set(String logger, String level);
}
