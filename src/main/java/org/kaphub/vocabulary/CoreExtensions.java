package org.kaphub.vocabulary;

/** Extensions of the FHIR core specification that KAP Hub reads. */
public final class CoreExtensions {

    /** The score of an answer option (R4 Questionnaires; the KAP guide's instruments carry it). */
    public static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";
    /** The older spelling of the same, still common in R4 content. */
    public static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    /** The lowest and highest value an item (e.g. a rating scale's total) may take. */
    public static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
    public static final String MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";

    private CoreExtensions() {
    }
}
