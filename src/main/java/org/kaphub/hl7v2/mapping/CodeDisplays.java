package org.kaphub.hl7v2.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;

import java.util.Optional;

/**
 * Gives every coding of a mapped message that has no display the one its code system states, where KAP Hub holds
 * that code system: HAPI's validation support, the same one the validator checks displays against — the FHIR core
 * package's HL7 v2 and v3 tables (v2-0270 CN → "Consultation"), the KAP guide's CodeSystems. Codings of systems it
 * does not hold (LOINC, SNOMED CT, RxNorm, a sender's local codes) stay without a display; the sender's words are in
 * CodeableConcept.text (see {@code CweToCodeableConcept}).
 */
public final class CodeDisplays {

    private final IValidationSupport support;
    private final FhirTerser terser;

    public CodeDisplays(FhirContext context, IValidationSupport support) {
        this.support = support;
        this.terser = context.newTerser();
    }

    public void fill(Bundle transaction) {
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            if (entry.getResource() == null) {
                continue;
            }
            for (Coding coding : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Coding.class)) {
                if (!coding.hasDisplay() && coding.hasSystem() && coding.hasCode()) {
                    display(coding.getSystem(), coding.getCode()).ifPresent(coding::setDisplay);
                }
            }
        }
    }

    Optional<String> display(String system, String code) {
        ValidationSupportContext context = new ValidationSupportContext(support);
        if (!support.isCodeSystemSupported(context, system)) {
            return Optional.empty();
        }
        IValidationSupport.LookupCodeResult result = support.lookupCode(context, new LookupCodeRequest(system, code));
        return result != null && result.isFound() ? Optional.ofNullable(result.getCodeDisplay()) : Optional.empty();
    }
}
