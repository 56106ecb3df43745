package org.kaphub.security;

import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.Set;

/**
 * The organisations a stored record belongs to, as the server stamped them ({@link OrganisationStamp}), for the
 * packages that decide who else may receive it (delivery/). Empty for shared data outside the Patient compartment.
 */
public final class RecordOrganisations {

    private RecordOrganisations() {
    }

    /** Organisation ids (the codes of the record's organisation tags). */
    public static Set<String> of(IBaseResource record) {
        return OrganisationTags.of(record);
    }
}
