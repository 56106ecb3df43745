package org.kaphub.delivery.push;

import java.time.Duration;

/**
 * What came back from one push: the HTTP status (0: no response — refused connection, time-out, no token), the
 * response body (an OperationOutcome or the transaction-response Bundle; clipped), a {@code Retry-After} the partner
 * asked for, and what failed, in words without PHI.
 */
public record PushResponse(int status, String body, Duration retryAfter, String error) {

    /** Longest response body kept (LAST_RESPONSE, the journal): an OperationOutcome fits many times over. */
    static final int MAX_BODY = 64 * 1024;

    public static PushResponse noResponse(String error) {
        return new PushResponse(0, null, null, error);
    }

    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    /**
     * Worth trying again: no response, a time-out (408), too many requests (429), a server error (5xx), or a token the
     * partner no longer takes (401: a new one is fetched). Every other 4xx says the content is refused: trying again
     * sends the same.
     */
    public boolean retryable() {
        return status == 0 || status == 401 || status == 408 || status == 429 || status >= 500;
    }

    static String clip(String body) {
        return body == null || body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY);
    }
}
