package org.kaphub.vocabulary;

/** SNOMED CT codes ({@link CodeSystems#SNOMED_CT}) of the routes KAP Hub decides on (HL7 v2 table 0162 maps to them). */
public final class Snomed {

    public static final String INTRAVENOUS_ROUTE = "47625008";
    public static final String INTRAMUSCULAR_ROUTE = "78421000";
    public static final String NASAL_ROUTE = "46713006";

    private Snomed() {
    }
}
