package org.kaphub.delivery.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static Backoff backoff(double random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2, Duration.ofMinutes(10), () -> random);
    }

    @Test
    void doublesPerAttemptUpToTheCap() {
        Backoff middle = backoff(0.5); // jitter drawn in the middle: no change
        assertThat(middle.after(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(middle.after(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(middle.after(5, null)).isEqualTo(Duration.ofSeconds(16));
        assertThat(middle.after(7, null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(middle.after(500, null)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterSpreadsTheWaitButNeverPastTheCap() {
        assertThat(backoff(0.0).after(3, null)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff(1.0).after(3, null)).isEqualTo(Duration.ofMillis(4800));
        assertThat(backoff(0.0).after(10, null)).isEqualTo(Duration.ofSeconds(48));
        assertThat(backoff(1.0).after(10, null)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aPartnersRetryAfterIsHonouredUpToItsLimit() {
        assertThat(backoff(0.5).after(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff(0.5).after(6, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(32)); // shorter: ours
        assertThat(backoff(0.5).after(1, Duration.ofHours(5))).isEqualTo(Duration.ofMinutes(10));
    }
}
