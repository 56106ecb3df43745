/**
 * The pull from prescribing platforms (README "Pull from prescribing platforms"): route
 * {@code camel-routes/delivery-pull.camel.yaml} polls each partner whose registry entry has {@code pull:} for new and
 * changed records by {@code _lastUpdated} from a high-water mark (table KAP_PULL_MARK) minus an overlap window, and
 * stores each, with the Patients it refers to and a Provenance naming the partner, as one FHIR transaction written by
 * the partner ({@link org.kaphub.ownership.Writer}), conditional on business identifiers; the mark moves in the same
 * database transaction.
 */
package org.kaphub.delivery.pull;
