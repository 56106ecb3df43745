package org.kaphub.ownership;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Which records carry a 42 CFR Part 2 label (security/ configures the label set): a writer without the Part 2 grant
 * may not refer to one, as it may not see one.
 */
public interface SensitiveRecords {

    boolean labelled(IBaseResource resource);
}
