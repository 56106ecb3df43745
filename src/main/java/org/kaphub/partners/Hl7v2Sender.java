package org.kaphub.partners;

/** An HL7 v2 sender as MSH-3 (sending application) and MSH-4 (sending facility) name it: their first components. */
public record Hl7v2Sender(String application, String facility) {
}
