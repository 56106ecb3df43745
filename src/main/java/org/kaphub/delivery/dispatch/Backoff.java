package org.kaphub.delivery.dispatch;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed row is tried again: {@code initial × 2^(attempt−1)}, capped at {@code max}, a share {@code jitter}
 * of it drawn at random (so the rows of a partner that failed together do not all come back in the same instant),
 * and never before the partner's {@code Retry-After} (itself capped).
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, double jitter, Duration maxRetryAfter, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    static Backoff of(DispatchProperties properties) {
        return new Backoff(properties.initialBackoff(), properties.maxBackoff(), properties.jitter(),
                properties.maxRetryAfter(), Math::random);
    }

    /** The wait after failed attempt number {@code attempt} (1 = the first). */
    Duration after(int attempt, Duration retryAfter) {
        double base = initial.toMillis() * Math.pow(2, Math.min(Math.max(attempt, 1) - 1, 30));
        double capped = Math.min(base, max.toMillis());
        // uniformly within ±jitter around the capped wait, never above the cap
        double jittered = capped * (1 - jitter + 2 * jitter * random.getAsDouble());
        long wait = (long) Math.min(jittered, max.toMillis());
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
        }
        return Duration.ofMillis(Math.max(wait, 0));
    }
}
