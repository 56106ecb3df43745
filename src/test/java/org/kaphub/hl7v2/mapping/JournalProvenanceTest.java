package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;

/** The Provenance the route adds to every mapped transaction: targets, journal entity, sender, event. */
class JournalProvenanceTest {

    @Test
    void provenancePointsAtTheJournalEntryAndTargetsEveryWrittenResource() throws MappingException {
        Bundle bundle = mapFixture("ras-o17-ketamine-iv.hl7");
        JournalProvenance.add(bundle, 4711L, "RAS^O17", "O17", "KAPEHR|SOUTHCLINIC");

        assertThat(bundle.getEntry()).hasSize(3);
        Bundle.BundleEntryComponent entry = bundle.getEntry().get(2);
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Provenance");
        assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
        Provenance provenance = (Provenance) entry.getResource();
        assertThat(provenance.getTarget()).extracting(Reference::getReference)
                .containsExactly(bundle.getEntry().get(0).getFullUrl(), bundle.getEntry().get(1).getFullUrl());
        assertThat(provenance.getEntityFirstRep().getRole()).isEqualTo(Provenance.ProvenanceEntityRole.SOURCE);
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getSystem())
                .isEqualTo("https://fhir.kaphub.org/sid/message-journal");
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo("4711");
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getSystem())
                .isEqualTo("https://fhir.kaphub.org/sid/hl7v2-sender");
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("KAPEHR|SOUTHCLINIC");
        assertThat(provenance.getActivity().getCodingFirstRep().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0003");
        assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("O17");
        assertThat(provenance.hasRecorded()).isTrue();
    }

    @Test
    void thePatchOfAMergeIsNoTarget() throws MappingException {
        Bundle bundle = mapFixture("adt-a40-merge.hl7", "OLDMRN", "OLD-7");
        JournalProvenance.add(bundle, 12L, "ADT^A40", "A40", "REGADT|SOUTHCLINIC");

        Provenance provenance = (Provenance) bundle.getEntry().get(2).getResource();
        assertThat(provenance.getTarget()).extracting(Reference::getReference)
                .containsExactly(bundle.getEntry().get(0).getFullUrl());
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo("12");
    }
}
