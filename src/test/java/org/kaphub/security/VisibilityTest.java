package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The visibility rule's pure parts: label matching (nested content too), lifting, narrowing and judging. */
class VisibilityTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Part2Labels LABELS = new Part2Labels(List.of(SecurityLabel.valueOf(Part2Labels.ACT_CODE + "|ETH"),
            SecurityLabel.valueOf(Part2Labels.ACT_CODE_OID + "|42CFRPart2")));

    @Test
    void labelsAreMatchedBySystemAndCodeOnTheResourceAndInsideIt() {
        assertThat(LABELS.labelled(labelled(new Observation(), Part2Labels.ACT_CODE, "ETH"))).isTrue();
        assertThat(LABELS.labelled(labelled(new Observation(), Part2Labels.ACT_CODE_OID, "42CFRPart2"))).isTrue();
        assertThat(LABELS.labelled(labelled(new Observation(), Part2Labels.ACT_CODE, "42CFRPart2"))).isFalse();
        assertThat(LABELS.labelled(labelled(new Observation(), "urn:other", "ETH"))).isFalse();

        Observation withContained = new Observation();
        withContained.addContained(labelled(new Condition(), Part2Labels.ACT_CODE, "ETH"));
        assertThat(LABELS.labelled(withContained)).isTrue();
        Bundle stored = new Bundle().setType(Bundle.BundleType.COLLECTION);
        stored.addEntry().setResource(labelled(new Observation(), Part2Labels.ACT_CODE, "ETH"));
        assertThat(LABELS.labelled(stored)).isTrue();
    }

    @Test
    void nestedLabelsAreLiftedOntoTheContainerOnce() {
        Bundle stored = new Bundle().setType(Bundle.BundleType.COLLECTION);
        stored.addEntry().setResource(labelled(new Observation(), Part2Labels.ACT_CODE, "ETH"));
        stored.addEntry().setResource(labelled(new Observation(), Part2Labels.ACT_CODE, "ETH"));
        LABELS.liftNested(stored);
        LABELS.liftNested(stored);
        assertThat(stored.getMeta().getSecurity()).singleElement()
                .satisfies(label -> assertThat(label.getCode()).isEqualTo("ETH"));
    }

    @Test
    void theDefaultLabelSetCoversTheSubstanceUseCodesUnderBothSystemSpellings() {
        assertThat(SecurityLabel.valueOf("urn:oid:2.16.840.1.113883.5.25|V"))
                .isEqualTo(new SecurityLabel(Part2Labels.CONFIDENTIALITY_OID, "V"));
        assertThatThrownBy(() -> SecurityLabel.valueOf("ETH")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void searchesAreNarrowedByOrganisationTagAndByEveryLabelNegated() {
        Visibility limited = new Visibility("c", Set.of("Organization/org-north"), false, LABELS.labels());
        SearchParameterMap map = new SearchParameterMap();
        limited.narrow(map, "Observation", FHIR);
        TokenParam tag = (TokenParam) map.get("_tag").get(0).get(0);
        assertThat(tag.getSystem()).isEqualTo(OrganisationTags.SYSTEM);
        assertThat(tag.getValue()).isEqualTo("org-north");
        assertThat(map.get("_security").get(0)).hasSize(2).allSatisfy(p ->
                assertThat(((TokenParam) p).getModifier()).isEqualTo(TokenParamModifier.NOT));

        SearchParameterMap shared = new SearchParameterMap();
        limited.narrow(shared, "Organization", FHIR);
        assertThat(shared.containsKey("_tag")).isFalse(); // shared data is not the organisation's

        SearchParameterMap granted = new SearchParameterMap();
        new Visibility("d", Set.of(), true, LABELS.labels()).narrow(granted, "Observation", FHIR);
        assertThat(granted.isEmpty()).isTrue();
    }

    @Test
    void theOutputRuleIsTheQueryRule() {
        Visibility limited = new Visibility("c", Set.of("org-north"), false, LABELS.labels());
        assertThat(limited.judge("Observation", new Visibility.Marks(Set.of("org-north"), false), FHIR)).isEqualTo(Visibility.Verdict.VISIBLE);
        assertThat(limited.judge("Observation", new Visibility.Marks(Set.of("org-south"), false), FHIR)).isEqualTo(Visibility.Verdict.OTHER_ORGANISATION);
        assertThat(limited.judge("Observation", new Visibility.Marks(Set.of(), false), FHIR)).isEqualTo(Visibility.Verdict.OTHER_ORGANISATION);
        assertThat(limited.judge("Observation", new Visibility.Marks(Set.of("org-north"), true), FHIR)).isEqualTo(Visibility.Verdict.PART2);
        assertThat(limited.judge("Organization", Visibility.marks(new Organization(), LABELS), FHIR)).isEqualTo(Visibility.Verdict.VISIBLE);
    }

    private static <T extends org.hl7.fhir.r4.model.Resource> T labelled(T resource, String system, String code) {
        resource.getMeta().addSecurity(system, code, null);
        return resource;
    }
}
