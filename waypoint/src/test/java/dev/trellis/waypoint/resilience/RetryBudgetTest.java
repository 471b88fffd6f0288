package dev.trellis.waypoint.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.ServiceKey;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    private static final ServiceKey SHOP = new ServiceKey("app", "shop");
    private final RetryBudget budget = new RetryBudget();

    @Test
    void aQuietDestinationMayStillRetryAFewAtOnce() {
        budget.requestStarted(SHOP);
        for (int i = 0; i < RetryBudget.MIN_CONCURRENT_RETRIES; i++) {
            assertThat(budget.tryStartRetry(SHOP, 20)).isTrue();
        }
        assertThat(budget.tryStartRetry(SHOP, 20)).isFalse();
        budget.retryEnded(SHOP);
        assertThat(budget.tryStartRetry(SHOP, 20)).as("a slot given back can be taken").isTrue();
    }

    @Test
    void retriesInFlightStayWithinTheirShareOfRequestsInFlight() {
        for (int i = 0; i < 100; i++) {
            budget.requestStarted(SHOP);
        }
        int granted = 0;
        while (budget.tryStartRetry(SHOP, 20)) {
            granted++;
        }
        assertThat(granted).isEqualTo(20);
        assertThat(budget.tryStartRetry(new ServiceKey("app", "other"), 20)).as("budgets are per destination")
                .isTrue();
    }
}
