package org.kaphub.delivery.dispatch;

import java.util.List;

/**
 * Rows this node has claimed to send together — the oldest undelivered row of one (partner, ORDER_KEY), and the rows
 * of the same write group right behind it (a QuestionnaireResponse and its score Observation) — under one claim
 * token: only the holder of {@code claim} may record their outcome.
 */
public record Delivery(String partnerId, String orderKey, String claim, List<OutboxRow> rows) {

    public Delivery {
        rows = List.copyOf(rows);
    }

    public List<Long> ids() {
        return rows.stream().map(OutboxRow::id).toList();
    }
}
