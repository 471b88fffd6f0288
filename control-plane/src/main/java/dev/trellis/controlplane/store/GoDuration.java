package dev.trellis.controlplane.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the CRDs write them: {@code 500ms}, {@code 2s}, {@code 1h30m}, {@code 1.5s}. */
final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile("([0-9]+(\\.[0-9]+)?(ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
    private static final String EXPECTED = "a duration such as 500ms, 2s, 1h30m";

    private GoDuration() {
    }

    static Duration parse(String value, String path) {
        if (!WHOLE.matcher(value).matches()) {
            throw FieldException.unexpected(path, value, EXPECTED);
        }
        Matcher part = PART.matcher(value);
        BigDecimal nanos = BigDecimal.ZERO;
        while (part.find()) {
            long unit = switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw FieldException.unexpected(path, value, "at most " + Duration.ofNanos(Long.MAX_VALUE));
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
