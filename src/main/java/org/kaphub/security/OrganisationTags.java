package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The organisations a record of the Patient compartment belongs to, as {@code meta.tag} of {@link #SYSTEM} (code: the
 * Organization id). Stamped by the server on every write ({@link OrganisationStamp}); never taken from a client.
 * Records stored before the one canonical base carry the {@link KapCanonicals#LEGACY_ORGANIZATION_TAG} system instead:
 * read as the same tag (searches ask for both, see {@link Visibility}), and replaced by {@link #SYSTEM} when the
 * record is next written.
 */
final class OrganisationTags {

    static final String SYSTEM = KapCanonicals.ORGANIZATION_TAG;
    /** Every system an organisation tag may have: the current one first. */
    static final List<String> SYSTEMS = List.of(SYSTEM, KapCanonicals.LEGACY_ORGANIZATION_TAG);

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

    static boolean isOrganisationTag(String system) {
        return SYSTEMS.contains(system);
    }

    /** The organisations the record's tags name, in either system. */
    static Set<String> of(IBaseResource resource) {
        return codes(resource, SYSTEMS);
    }

    /** The organisations named by tags of the current system. */
    static Set<String> current(IBaseResource resource) {
        return codes(resource, List.of(SYSTEM));
    }

    /** The organisations named by tags of the legacy system: what a write replaces. */
    static Set<String> legacyOf(IBaseResource resource) {
        return codes(resource, List.of(KapCanonicals.LEGACY_ORGANIZATION_TAG));
    }

    private static Set<String> codes(IBaseResource resource, List<String> systems) {
        Set<String> organisations = new TreeSet<>();
        for (IBaseCoding tag : resource.getMeta().getTag()) {
            if (systems.contains(tag.getSystem()) && tag.getCode() != null) {
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
