/**
 * Delivery metrics per partner for Prometheus (README "Delivery to partners", Metrics): gauges of the outbox as every
 * node sees it (one grouped query of KAP_OUTBOX, cached), and counters and the commit→delivered lag histogram of the
 * deliveries this node settled ({@link org.kaphub.delivery.metrics.DeliveryOutcomes}, called by the dispatcher).
 */
package org.kaphub.delivery.metrics;
