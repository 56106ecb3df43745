package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Message;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.CONTEXT;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MAPPERS;
import static org.kaphub.hl7v2.Hl7v2Fixtures.adtWithPid;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixtureWith;

/**
 * How the Patient entry of a message finds its patient when a sender's namespace id names a system (README "How
 * patient identity is resolved"): the conditional URL ORs the canonical identifier with the same number under
 * {@code <base><namespace>}, the system a patient stored before the mapping has; the Patient written carries the
 * canonical identifier only.
 */
class PatientIdentityTest {

    private static final String OID = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final String MAPLE_ALONE = "https://kaphub.org/fhir/sid/MAPLE";
    private static final String EITHER = "Patient?identifier=" + OID + "|M-1," + MAPLE_ALONE + "|M-1"
            + "&identifier=" + OID + "|M-1," + MAPLE_ALONE + "|M-1"; // the same OR-list twice: see Transaction#searchUrl

    @Test
    void aNamespaceAloneTheSenderMappedBeforeIsLookedUpUnderBothSystemsAndWrittenCanonical() throws MappingException {
        MappingContext sender = CONTEXT.forSender(Set.of(), Map.of(), Map.of("MAPLE", OID));

        Bundle bundle = map(adtWithPid("PID|1||M-1^^^MAPLE^MR||DOE^JANE"), sender);

        Bundle.BundleEntryComponent entry = bundle.getEntryFirstRep();
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo(EITHER);
        assertThat(((Patient) entry.getResource()).getIdentifier()).singleElement()
                .satisfies(identifier -> assertThat(identifier.getSystem() + "|" + identifier.getValue()).isEqualTo(OID + "|M-1"));
        assertThat(sender.systems().learned()).isEmpty();
    }

    @Test
    void theMessageThatFirstShowsTheUniversalIdAlreadyFindsThePatientStoredUnderTheNamespaceAlone() throws MappingException {
        MappingContext sender = CONTEXT.forSender(Set.of(), Map.of(), Map.of());

        Bundle bundle = map(adtWithPid("PID|1||M-1^^^MAPLE&2.16.840.1.113883.3.9999.1&ISO^MR||DOE^JANE"), sender);

        assertThat(bundle.getEntryFirstRep().getRequest().getUrl()).isEqualTo(EITHER);
        assertThat(sender.systems().learned()).containsExactly(Map.entry("MAPLE", OID));
    }

    @Test
    void aConditionalCreateOfANonAdtMessageMatchesEitherSystemToo() throws MappingException {
        MappingContext sender = CONTEXT.forSender(Set.of(), Map.of("MAPLE", OID), Map.of());

        Bundle bundle = map(parseFixtureWith("oru-r01-phq9-total.hl7", "PID|", "PID|1||M-1^^^MAPLE^MR||DOE^JANE"), sender);

        Bundle.BundleEntryComponent patient = bundle.getEntry().stream()
                .filter(entry -> entry.getResource() instanceof Patient).findFirst().orElseThrow();
        assertThat(patient.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        assertThat("Patient?" + patient.getRequest().getIfNoneExist()).isEqualTo(EITHER);
    }

    @Test
    void theMergedPriorPatientIsFoundUnderEitherSystem() throws MappingException {
        MappingContext sender = CONTEXT.forSender(Set.of(), Map.of(), Map.of("MAPLE", OID));

        Bundle bundle = map(parse("MSH|^~\\&|REGADT|MAPLEFAC|KAPHUB|KAP|20240310083000||ADT^A40^ADT_A39|C-1|P|2.5.1",
                "EVN|A40|20240310083000", "PID|1||M-2^^^MAPLE^MR||DOE^JANE", "MRG|M-1^^^MAPLE^MR"), sender);

        assertThat(bundle.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PATCH);
        assertThat(bundle.getEntry().get(1).getRequest().getUrl()).isEqualTo(EITHER);
    }

    @Test
    void aNamespaceNobodyMappedIsLookedUpUnderItsOwnSystemOnly() throws MappingException {
        MappingContext sender = CONTEXT.forSender(Set.of(), Map.of(), Map.of("OTHER", OID));

        Bundle bundle = map(adtWithPid("PID|1||M-1^^^MAPLE^MR||DOE^JANE"), sender);

        assertThat(bundle.getEntryFirstRep().getRequest().getUrl()).isEqualTo("Patient?identifier=" + MAPLE_ALONE + "|M-1");
    }

    private static Bundle map(Message message, MappingContext context) throws MappingException {
        V2Message v2 = V2Message.of(message, context.defaultZone());
        String[] type = v2.messageType().split("\\^");
        return MAPPERS.find(type[0], type[1]).orElseThrow().map(v2, context);
    }
}
