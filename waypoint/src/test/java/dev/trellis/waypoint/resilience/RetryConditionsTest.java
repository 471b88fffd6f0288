package dev.trellis.waypoint.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryConditionsTest {

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "connect-failure    | connect    | true",
        "connect-failure    | reset      | false",
        "reset              | reset      | true",
        "reset              | timeout    | true",
        "reset              | 503        | false",
        "refused-stream     | reset      | true",
        "5xx                | 500        | true",
        "5xx                | 404        | false",
        "5xx                | connect    | true",
        "gateway-error      | 502        | true",
        "gateway-error      | 500        | false",
        "gateway-error      | timeout    | true",
        "retriable-4xx      | 409        | true",
        "retriable-4xx      | 404        | false",
        "unavailable        | 200/14     | true",
        "unavailable        | 200/4      | false",
        "deadline-exceeded  | 200/4      | true",
        "resource-exhausted | 200/8      | true",
        "cancelled          | 200/1      | true",
        "unavailable        | 503        | false",
        "no-such-condition  | 500        | false",
    })
    void eachConditionHoldsForItsOutcomesOnly(String condition, String outcome, boolean retriable) {
        assertThat(RetryConditions.retriable(List.of(condition), parse(outcome))).isEqualTo(retriable);
    }

    @ParameterizedTest
    @CsvSource({"connect, true", "reset, true", "503, true", "500, false", "200, false"})
    void withoutAPolicyWhatCannotHaveReachedTheAppAnd503AreRetried(String outcome, boolean retriable) {
        assertThat(RetryConditions.retriable(RetryConditions.DEFAULT, parse(outcome))).isEqualTo(retriable);
    }

    private static TryOutcome parse(String outcome) {
        return switch (outcome) {
            case "connect" -> TryOutcome.failed(TryOutcome.Failure.CONNECT_FAILURE);
            case "reset" -> TryOutcome.failed(TryOutcome.Failure.RESET);
            case "timeout" -> TryOutcome.failed(TryOutcome.Failure.TIMEOUT);
            default -> {
                String[] parts = outcome.split("/");
                yield TryOutcome.response(Integer.parseInt(parts[0]),
                        parts.length > 1 ? OptionalInt.of(Integer.parseInt(parts[1])) : OptionalInt.empty());
            }
        };
    }
}
