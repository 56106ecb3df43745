package org.kaphub.security;

import jakarta.validation.constraints.NotEmpty;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.kaphub.ownership.SensitiveRecords;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.vocabulary.CodeSystems;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.ArrayList;
import java.util.List;

/**
 * The security labels that mark 42 CFR Part 2 (substance use) data, withheld from clients without the Part 2 grant
 * ({@code kap.security.part2.labels}, each {@code system|code}). The default, from HL7 v3 (THO):
 * <ul>
 * <li>ActCode {@code ETH} (substance abuse information sensitivity) and its specialisations {@code ETHUD} (alcohol use
 * disorder) and {@code OPIOIDUD} (opioid use disorder), and {@code SUD} (substance use disorder information
 * sensitivity); ActCode has no ALCUD or DRGUD, and PSY/PSYTHPN (psychiatry, psychotherapy notes) are not Part 2;</li>
 * <li>ActCode {@code 42CFRPart2} (the privacy law itself);</li>
 * <li>Confidentiality {@code R} (restricted) and {@code V} (very restricted), and its deprecated {@code ETH}
 * (substance abuse related, still found in older data);</li>
 * </ul>
 * each under the code system's URL and its OID ({@code urn:oid:2.16.840.1.113883.5.4} ActCode,
 * {@code urn:oid:2.16.840.1.113883.5.25} Confidentiality): senders use both spellings.
 *
 * @param labels security labels (system|code) that mark 42 CFR Part 2 data, withheld from clients without the Part 2
 *               grant: HL7 v3 ActCode ETH, ETHUD, OPIOIDUD, SUD, 42CFRPart2 and Confidentiality R, V, ETH, each under
 *               the code system's URL and its OID
 */
@Validated
@ConfigurationProperties("kap.security.part2")
record Part2Labels(@DefaultValue({
        ACT_CODE + "|ETH", ACT_CODE + "|ETHUD", ACT_CODE + "|OPIOIDUD", ACT_CODE + "|SUD", ACT_CODE + "|42CFRPart2",
        ACT_CODE_OID + "|ETH", ACT_CODE_OID + "|ETHUD", ACT_CODE_OID + "|OPIOIDUD", ACT_CODE_OID + "|SUD",
        ACT_CODE_OID + "|42CFRPart2",
        CONFIDENTIALITY + "|R", CONFIDENTIALITY + "|V", CONFIDENTIALITY + "|ETH",
        CONFIDENTIALITY_OID + "|R", CONFIDENTIALITY_OID + "|V", CONFIDENTIALITY_OID + "|ETH"})
                   @NotEmpty List<SecurityLabel> labels) implements SensitiveRecords {

    // short names for the default above
    static final String ACT_CODE = CodeSystems.V3_ACT_CODE;
    static final String ACT_CODE_OID = CodeSystems.V3_ACT_CODE_OID;
    static final String CONFIDENTIALITY = CodeSystems.V3_CONFIDENTIALITY;
    static final String CONFIDENTIALITY_OID = CodeSystems.V3_CONFIDENTIALITY_OID;

    Part2Labels {
        labels = List.copyOf(labels);
    }

    /** The resource, or anything nested in it (contained resources, the entries of a stored Bundle), is labelled. */
    @Override
    public boolean labelled(IBaseResource resource) {
        return !nestedLabels(resource, true).isEmpty();
    }

    /**
     * Copies the Part 2 labels of nested content onto the resource's own {@code meta.security}, so the label a query
     * can see (and narrow on) is on the stored resource itself.
     */
    void liftNested(IBaseResource resource) {
        for (IBaseCoding label : nestedLabels(resource, false)) {
            boolean present = resource.getMeta().getSecurity().stream()
                    .anyMatch(own -> label.getSystem().equals(own.getSystem()) && label.getCode().equals(own.getCode()));
            if (!present) {
                resource.getMeta().addSecurity().setSystem(label.getSystem()).setCode(label.getCode()).setDisplay(label.getDisplay());
            }
        }
    }

    private List<IBaseCoding> nestedLabels(IBaseResource resource, boolean includingOwn) {
        List<IBaseCoding> found = new ArrayList<>();
        collect(resource, includingOwn, found, 0);
        return found;
    }

    private void collect(IBaseResource resource, boolean own, List<IBaseCoding> found, int depth) {
        if (resource == null || depth > 8) {
            return; // a Bundle nested eight deep is no clinical record; stop rather than recurse without end
        }
        if (own) {
            for (IBaseCoding coding : resource.getMeta().getSecurity()) {
                if (labels.stream().anyMatch(label -> label.matches(coding))) {
                    found.add(coding);
                }
            }
        }
        if (resource instanceof DomainResource domain) {
            for (Resource contained : domain.getContained()) {
                collect(contained, true, found, depth + 1);
            }
        }
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                collect(entry.getResource(), true, found, depth + 1);
            }
        }
    }
}
