/**
 * Replay and control of deliveries (README "Replay and control"): a small JSON API under {@code /api/} for operators
 * holding {@code system/kap.admin} — list a partner's outbox rows, show one with the partner's kept answer, requeue
 * (replay) one row, a partner's dead letters or everything since a time, pause and resume a partner — every call
 * audited, every write one database transaction. It works on the dispatcher's tables (KAP_OUTBOX,
 * KAP_DELIVERY_PARTNER); the dispatcher picks the changes up at its next claim.
 */
package org.kaphub.delivery.control;
