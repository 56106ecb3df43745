/**
 * The dispatcher's protocol seam: a {@link org.kaphub.delivery.channel.Channel} per registry protocol (FHIR push in
 * {@code delivery/push}, HL7 v2 over MLLP in {@code delivery/mllp}) sends a {@link org.kaphub.delivery.channel.Shipment}
 * and says what came back ({@link org.kaphub.delivery.channel.Attempt}); the flow around it — entitlement at send time,
 * journal, audit, delivered / retried / dead — is {@code delivery/dispatch/DeliveryAttempts}, the same for every
 * protocol. Plain types: no Camel, no storage.
 */
package org.kaphub.delivery.channel;
