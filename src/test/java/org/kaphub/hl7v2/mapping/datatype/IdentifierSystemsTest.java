package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.v28.datatype.HD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class IdentifierSystemsTest {

    private static final ErrorLocation AT = ErrorLocation.segment("PID", 1).atField(3).atRepetition(1).atComponent(4);
    private final IdentifierSystems systems = new IdentifierSystems("https://kaphub.org/fhir/sid/",
            Map.of("SSA", "http://hl7.org/fhir/sid/us-ssn", "NORTHCLINIC", "https://north.example.org/mrn"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            // universal id with a URI-able type wins, even over a configured namespace
            "&2.16.840.1.113883.19.4.6&ISO;              urn:oid:2.16.840.1.113883.19.4.6",
            "NORTHCLINIC&2.16.840.1.113883.19.4.6&ISO;   urn:oid:2.16.840.1.113883.19.4.6",
            "&0B9E9A2E-1111-4C2A-9D3E-123456789ABC&UUID; urn:uuid:0b9e9a2e-1111-4c2a-9d3e-123456789abc",
            "&https://id.example.org/mrn&URI;            https://id.example.org/mrn",
            "&https://id.example.org/mrn&URL;            https://id.example.org/mrn",
            // otherwise the namespace: configured, else derived from the fallback base
            "SSA;                                        http://hl7.org/fhir/sid/us-ssn",
            "NORTHCLINIC;                                https://north.example.org/mrn",
            "SOUTHCLINIC;                                https://kaphub.org/fhir/sid/SOUTHCLINIC",
            "GOOD HEALTH HOSPITAL;                       https://kaphub.org/fhir/sid/GOOD%20HEALTH%20HOSPITAL",
            "A/B\\T\\C;                                  https://kaphub.org/fhir/sid/A%2FB%26C",
            "LAB&05D1234567&CLIA;                        https://kaphub.org/fhir/sid/LAB",
            "LAB&2.16.840.1;                             https://kaphub.org/fhir/sid/LAB",
    })
    void mapsAssigningAuthorityToSystem(String authority, String system) throws MappingException {
        assertThat(systems.systemFor(hd(authority), AT)).isEqualTo(system);
    }

    @Test
    void missingAuthorityIsRequiredFieldMissingAtTheGivenLocation() {
        MappingException e = catchThrowableOfType(() -> systems.systemFor(hd(""), AT), MappingException.class);

        assertThat(e.error()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
        assertThat(e.errorCode()).isEqualTo(101);
        assertThat(e.location()).isEqualTo(new ErrorLocation("PID", 1, 3, 1, 4));
    }

    @Test
    void universalIdWithoutItsTypeAndWithoutNamespaceIsNotUsable() {
        MappingException e = catchThrowableOfType(() -> systems.systemFor(hd("&2.16.840.1"), AT), MappingException.class);

        assertThat(e.errorCode()).isEqualTo(101);
    }

    @ParameterizedTest
    @CsvSource({"&2.16.840.01&ISO", "&urn:oid:2.16.840.1&ISO", "&not-a-uuid&UUID"})
    void universalIdNotOfItsDeclaredFormIsADataTypeError(String authority) {
        MappingException e = catchThrowableOfType(() -> systems.systemFor(hd(authority), AT), MappingException.class);

        assertThat(e.errorCode()).isEqualTo(102);
        assertThat(e.location()).isEqualTo(AT);
        assertThat(e.getMessage()).doesNotContain(authority.split("&")[1]);
    }

    @Test
    void aSenderLimitedToItsAssigningAuthoritiesMayUseThemAndNoOther() throws MappingException {
        IdentifierSystems limited = systems.withPatientSystems(java.util.Set.of("urn:oid:2.16.840.1.113883.19.4.6",
                "https://kaphub.org/fhir/sid/SOUTHCLINIC")).withDefaultNamespace("SOUTHCLINIC");

        assertThat(limited.systemFor(hd("&2.16.840.1.113883.19.4.6&ISO"), AT)).isEqualTo("urn:oid:2.16.840.1.113883.19.4.6");
        assertThat(limited.systemFor(hd(""), AT)).isEqualTo("https://kaphub.org/fhir/sid/SOUTHCLINIC"); // the facility's
        MappingException e = catchThrowableOfType(() -> limited.systemFor(hd("NORTHCLINIC"), AT), MappingException.class);
        assertThat(e.errorCode()).isEqualTo(103);
        assertThat(e.location()).isEqualTo(AT);
        assertThat(e.getMessage()).contains("PID-3").doesNotContain("NORTHCLINIC").doesNotContain("north.example.org");
        // identifiers that are not patient identifiers (orders, visits, providers) are not limited
        assertThat(limited.systemFor("NORTHCLINIC", null, null, "visit")).isEqualTo("https://north.example.org/mrn");
    }

    @Test
    void fallbackBaseIsRequired() {
        assertThatThrownBy(() -> new IdentifierSystems(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- one sender's namespaces (README "How patient identity is resolved")

    private static final String MAPLE_OID = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final String OTHER_OID = "urn:oid:2.16.840.1.113883.3.9999.2";
    private static final String MAPLE_ALONE = "https://kaphub.org/fhir/sid/MAPLE";

    @Test
    void aNamespaceSentWithAUniversalIdIsLearnedAndNamesThatSystemAloneFromThenOn() throws MappingException {
        IdentifierSystems message = systems.forSender(Map.of(), Map.of());

        assertThat(message.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.1&ISO"), AT)).isEqualTo(MAPLE_OID);
        assertThat(message.learned()).containsExactly(Map.entry("MAPLE", MAPLE_OID));
        // later in the same message, and (once stored) in the sender's next messages
        assertThat(message.withDefaultNamespace("FAC").systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_OID);
        IdentifierSystems next = systems.forSender(Map.of(), message.learned());
        assertThat(next.systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_OID);
        assertThat(next.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.1&ISO"), AT)).isEqualTo(MAPLE_OID);
        assertThat(next.learned()).isEmpty(); // nothing new
    }

    @Test
    void withoutASenderNothingIsLearnedAndANamespaceAloneKeepsItsOwnSystem() throws MappingException {
        assertThat(systems.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.1&ISO"), AT)).isEqualTo(MAPLE_OID);
        assertThat(systems.learned()).isEmpty();
        assertThat(systems.systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_ALONE);
        // another sender's learning is not this one's
        assertThat(systems.forSender(Map.of(), Map.of("OTHER", MAPLE_OID)).systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_ALONE);
    }

    @Test
    void aMappingInTheRegistryIsUsedWithoutTheUniversalIdEverBeingSentAndWinsOverALearnedOne() throws MappingException {
        IdentifierSystems configured = systems.forSender(Map.of("MAPLE", MAPLE_OID), Map.of("MAPLE", OTHER_OID));

        assertThat(configured.systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_OID);
        assertThat(configured.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.1&ISO"), AT)).isEqualTo(MAPLE_OID);
        assertThat(configured.learned()).isEmpty();
        // the registry's mapping also beats the server-wide kap.hl7v2.assigning-authorities
        assertThat(systems.forSender(Map.of("NORTHCLINIC", MAPLE_OID), Map.of()).systemFor(hd("NORTHCLINIC"), AT))
                .isEqualTo(MAPLE_OID);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "learned before;          ;                                 MAPLE=urn:oid:2.16.840.1.113883.3.9999.1",
            "in the registry;         MAPLE=urn:oid:2.16.840.1.113883.3.9999.1; ",
            "registry over learned;   MAPLE=urn:oid:2.16.840.1.113883.3.9999.1; MAPLE=urn:oid:2.16.840.1.113883.3.9999.2",
    })
    void aNamespaceSentWithAnotherUniversalIdThanItStandsForIsTableValueNotFoundAtCx4(String why, String configured,
                                                                                      String learned) {
        IdentifierSystems sender = systems.forSender(map(configured), map(learned));

        MappingException e = catchThrowableOfType(() -> sender.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.2&ISO"), AT),
                MappingException.class);

        assertThat(e.errorCode()).isEqualTo(103);
        assertThat(e.location()).isEqualTo(AT);
        assertThat(e.getMessage()).contains("PID-3(1).4").doesNotContain("MAPLE").doesNotContain("9999");
        assertThat(sender.learned()).isEmpty();
    }

    @Test
    void oneMessageNamingOneNamespaceWithTwoUniversalIdsIsRefused() throws MappingException {
        IdentifierSystems message = systems.forSender(Map.of(), Map.of());
        message.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.1&ISO"), AT);

        MappingException e = catchThrowableOfType(() -> message.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.2&ISO"), AT),
                MappingException.class);

        assertThat(e.errorCode()).isEqualTo(103);
    }

    @Test
    void theServerWideMappingNeverContradictsAUniversalId() throws MappingException {
        // kap.hl7v2.assigning-authorities only names namespaces sent alone; a universal id is the sender's own word
        IdentifierSystems sender = systems.forSender(Map.of(), Map.of());

        assertThat(sender.systemFor(hd("NORTHCLINIC&2.16.840.1.113883.19.4.6&ISO"), AT)).isEqualTo("urn:oid:2.16.840.1.113883.19.4.6");
        assertThat(sender.learned()).containsExactly(Map.entry("NORTHCLINIC", "urn:oid:2.16.840.1.113883.19.4.6"));
    }

    @Test
    void aPatientIsMatchedUnderTheSystemItsNamespaceHadBeforeItWasMapped() throws MappingException {
        IdentifierSystems learnedBefore = systems.forSender(Map.of(), Map.of("MAPLE", MAPLE_OID, "BIRCH", MAPLE_OID));
        assertThat(learnedBefore.matchingSystems(MAPLE_OID))
                .containsExactly(MAPLE_OID, "https://kaphub.org/fhir/sid/BIRCH", MAPLE_ALONE);
        assertThat(learnedBefore.matchingSystems(MAPLE_ALONE)).containsExactly(MAPLE_ALONE);
        assertThat(learnedBefore.matchingSystems(OTHER_OID)).containsExactly(OTHER_OID);

        IdentifierSystems learningNow = systems.forSender(Map.of(), Map.of());
        learningNow.systemFor(hd("MAPLE&2.16.840.1.113883.3.9999.1&ISO"), AT);
        assertThat(learningNow.matchingSystems(MAPLE_OID)).containsExactly(MAPLE_OID, MAPLE_ALONE);

        assertThat(systems.forSender(Map.of("MAPLE", MAPLE_OID), Map.of()).matchingSystems(MAPLE_OID))
                .containsExactly(MAPLE_OID, MAPLE_ALONE);
        // a learned mapping the registry overrides no longer makes its namespace an alias of the learned system
        assertThat(systems.forSender(Map.of("MAPLE", MAPLE_OID), Map.of("MAPLE", OTHER_OID)).matchingSystems(OTHER_OID))
                .containsExactly(OTHER_OID);
    }

    @Test
    void aSenderLimitedToItsAssigningAuthoritiesMayUseTheNamespaceItMappedToOne() throws MappingException {
        IdentifierSystems limited = systems.withPatientSystems(java.util.Set.of(MAPLE_OID));

        assertThat(limited.forSender(Map.of(), Map.of("MAPLE", MAPLE_OID)).systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_OID);
        assertThat(limited.forSender(Map.of("MAPLE", MAPLE_OID), Map.of()).systemFor(hd("MAPLE"), AT)).isEqualTo(MAPLE_OID);
        MappingException unmapped = catchThrowableOfType(() -> limited.forSender(Map.of(), Map.of()).systemFor(hd("MAPLE"), AT),
                MappingException.class);
        assertThat(unmapped.errorCode()).isEqualTo(103);
    }

    private static Map<String, String> map(String entry) {
        if (entry == null || entry.isBlank()) {
            return Map.of();
        }
        String[] parts = entry.trim().split("=", 2);
        return Map.of(parts[0], parts[1]);
    }

    private static HD hd(String authority) {
        return pid("PID|1||123^^^" + authority + "^MR||DOE").getPid3_PatientIdentifierList(0).getAssigningAuthority();
    }
}
