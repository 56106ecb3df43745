/**
 * The vocabulary KAP Hub reads and writes, typed once: the external code systems and the codes it relies on (LOINC,
 * RxNorm, UCUM, SNOMED CT, HL7 tables) and its own canonical URLs under the KAP guide's canonical. Constants only;
 * depends on nothing (ModuleBoundariesTest).
 */
package org.kaphub.vocabulary;
