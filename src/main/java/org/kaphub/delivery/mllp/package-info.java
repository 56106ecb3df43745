/**
 * Delivery to partners over HL7 v2 (README "Sending over HL7 v2 (MLLP)"): the dispatcher's MLLP channel — records
 * built into messages by {@link org.kaphub.hl7v2.building.message.MessageBuilders}, sent with the camel-mllp producer,
 * their acknowledgements read into the delivery's outcome.
 */
package org.kaphub.delivery.mllp;
