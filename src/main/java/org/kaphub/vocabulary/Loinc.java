package org.kaphub.vocabulary;

/** LOINC codes ({@link CodeSystems#LOINC}) of the dosing-session vital signs (US Core vital-sign codes). */
public final class Loinc {

    public static final String BLOOD_PRESSURE_PANEL = "85354-9";
    public static final String SYSTOLIC_BLOOD_PRESSURE = "8480-6";
    public static final String DIASTOLIC_BLOOD_PRESSURE = "8462-4";
    public static final String HEART_RATE = "8867-4";
    public static final String RESPIRATORY_RATE = "9279-1";
    /** Oxygen saturation in arterial blood; US Core pulse oximetry carries it beside {@link #PULSE_OXIMETRY}. */
    public static final String OXYGEN_SATURATION = "2708-6";
    public static final String PULSE_OXIMETRY = "59408-5";

    private Loinc() {
    }
}
