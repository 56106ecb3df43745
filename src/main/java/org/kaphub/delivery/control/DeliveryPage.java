package org.kaphub.delivery.control;

import java.util.List;

/** A page of a partner's outbox rows in ID order; {@code nextAfter}: the {@code after} of the next page (null: none). */
public record DeliveryPage(String partnerId, List<DeliveryView> deliveries, Long nextAfter) {
}
