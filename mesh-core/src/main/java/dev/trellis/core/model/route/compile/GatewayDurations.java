package dev.trellis.core.model.route.compile;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Gateway API durations: one to four {@code <number><unit>} parts, units h, m, s, ms (e.g. {@code 1m30s}). */
final class GatewayDurations {

    private static final Pattern WHOLE = Pattern.compile("([0-9]{1,5}(h|ms|m|s)){1,4}");
    private static final Pattern PART = Pattern.compile("([0-9]{1,5})(h|ms|m|s)");

    private GatewayDurations() {
    }

    static Optional<Duration> parse(Node node) throws RouteValidationException {
        Optional<String> text = node.optionalString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!WHOLE.matcher(text.get()).matches()) {
            throw node.fail("'" + text.get() + "' (expected: a duration such as 500ms, 10s or 1m30s)");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text.get());
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
        }
        return Optional.of(total);
    }
}
