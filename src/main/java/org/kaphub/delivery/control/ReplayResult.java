package org.kaphub.delivery.control;

import java.util.List;

/** What a replay requeued: the outbox row ids, in the order they will go out per (partner, patient). */
public record ReplayResult(int requeued, List<Long> rows) {
}
