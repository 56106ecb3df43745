package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The organisations a record of the Patient compartment belongs to, as {@code meta.tag} of {@link #SYSTEM} (code: the
 * Organization id). Stamped by the server on every write ({@link OrganisationStamp}); never taken from a client.
 */
final class OrganisationTags {

    static final String SYSTEM = "https://kaphub.org/fhir/CodeSystem/organization";

    private static final Map<String, Boolean> COMPARTMENT_TYPES = new ConcurrentHashMap<>();

    private OrganisationTags() {
    }

    /** Patient itself and every type with a Patient compartment parameter; other data (Organization, …) is shared. */
    static boolean inPatientCompartment(FhirContext fhir, String type) {
        if (type == null) {
            return true;
        }
        return COMPARTMENT_TYPES.computeIfAbsent(type, t -> "Patient".equals(t)
                || !fhir.getResourceDefinition(t).getSearchParamsForCompartmentName("Patient").isEmpty());
    }

    static Set<String> of(IBaseResource resource) {
        Set<String> organisations = new TreeSet<>();
        for (IBaseCoding tag : resource.getMeta().getTag()) {
            if (SYSTEM.equals(tag.getSystem()) && tag.getCode() != null) {
                organisations.add(tag.getCode());
            }
        }
        return organisations;
    }

    /** An Organization reference or id as the tag's code: {@code Organization/org-north} → {@code org-north}. */
    static String code(String organisation) {
        return organisation.startsWith("Organization/") ? organisation.substring("Organization/".length()) : organisation;
    }
}
