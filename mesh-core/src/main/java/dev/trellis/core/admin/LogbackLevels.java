package dev.trellis.core.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/** {@link LogLevels} over the Logback context that SLF4J is bound to. */
public final class LogbackLevels implements LogLevels {

    private static final Set<String> ACCEPTED = Set.of("trace", "debug", "info", "warn", "error", "off");

    private final LoggerContext context;

    private LogbackLevels(LoggerContext context) {
        this.context = context;
    }

    /**
     * The levels of the running program's Logback context.
     *
     * @throws IllegalStateException when SLF4J is bound to another backend
     */
    public static LogbackLevels ofRunningContext() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("SLF4J is bound to " + LoggerFactory.getILoggerFactory().getClass()
                    + " (expected: Logback's LoggerContext; is logback-classic on the class path?)");
        }
        return new LogbackLevels(context);
    }

    @Override
    public Map<String, String> levels() {
        Map<String, String> levels = new TreeMap<>();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null || logger.getName().equals(Logger.ROOT_LOGGER_NAME)) {
                levels.put(logger.getName(), logger.getEffectiveLevel().toString().toLowerCase(Locale.ROOT));
            }
        }
        return levels;
    }

    @Override
    public void set(String logger, String level) {
        String wanted = level.toLowerCase(Locale.ROOT);
        if (!ACCEPTED.contains(wanted)) {
            throw new IllegalArgumentException("level: '" + level + "' (expected: one of trace, debug, info, "
                    + "warn, error, off)");
        }
        String name = logger.equalsIgnoreCase(ROOT) ? Logger.ROOT_LOGGER_NAME : logger;
        context.getLogger(name).setLevel(Level.toLevel(wanted));
    }
}
