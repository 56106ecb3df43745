package org.kaphub.vocabulary;

/** UCUM unit codes ({@link CodeSystems#UCUM}) KAP Hub writes or checks. */
public final class Ucum {

    public static final String MILLIGRAM = "mg";
    public static final String MILLIGRAM_PER_KILOGRAM = "mg/kg";
    public static final String PER_MINUTE = "/min";
    public static final String PERCENT = "%";
    public static final String MILLIMETRE_OF_MERCURY = "mm[Hg]";
    /** The unit of a rating-scale total (an annotation: a dimensionless count of points). */
    public static final String SCORE = "{score}";

    private Ucum() {
    }
}
