/**
 * Partner exchange over FHIR (issue "Partner exchange over FHIR"): the transactional outbox (table KAP_OUTBOX,
 * written on HAPI's storage pre-commit pointcuts in the same database transaction as the resource), the dispatcher
 * (camel-routes/delivery.camel.yaml) that claims rows and pushes them to partners in order per (partner, patient),
 * retries with backoff, dead letters, replay, and the pull from prescribing platforms.
 */
package org.kaphub.delivery;
