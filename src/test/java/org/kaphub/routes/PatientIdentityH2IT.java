package org.kaphub.routes;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.MllpClient;
import org.kaphub.support.TestSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.routes.AdtInboundContract.field;
import static org.kaphub.routes.Hl7v2PartnersH2IT.adt;
import static org.kaphub.routes.Hl7v2PartnersH2IT.ctrl;

/**
 * One patient per MRN whatever the assigning-authority spelling (issue 11, item 5), over real MLLP: a clinic sends
 * {@code NS&OID&ISO} on one interface and {@code NS} alone on an older one. Partners (support/TestSecurity):
 * {@code test-hl7-maple} (its registry entry maps {@code MAPLECFG}), {@code test-hl7-birch} (another clinic),
 * {@code test-hl7-aspen} (may write patients of one OID only). Every test uses its own namespace id and OID: what a
 * partner learned stays learned for the whole shared context.
 */
@KapIntegrationTest
class PatientIdentityH2IT {

    static final String BASE = "https://kaphub.org/fhir/sid/";
    static final String[] MAPLE = TestSecurity.HL7_MAPLE_SENDER;
    static final String[] BIRCH = TestSecurity.HL7_BIRCH_SENDER;
    static final String[] ASPEN = TestSecurity.HL7_ASPEN_SENDER;

    @Value("${kap.mllp.port}")
    int mllpPort;
    @Autowired
    DaoRegistry daos;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IFhirSystemDao<Bundle, Meta> fhir;

    String mrn;
    String namespace;
    String oid;

    @BeforeEach
    void freshNames() {
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        mrn = "MR" + run;
        namespace = "NS" + run;
        oid = "2.16.840.1.113883.3.9999." + ThreadLocalRandom.current().nextInt(1000, 1_000_000_000);
    }

    @Test
    void theOidFirstThenTheNamespaceAloneIsOnePatient() throws Exception {
        String first = ctrl();
        assertThat(ackCode(MAPLE, adt("A04", MAPLE, first, namespace + "&" + oid + "&ISO", mrn, "Firstname"))).isEqualTo("AA");
        assertThat(ackCode(MAPLE, adt("A08", MAPLE, ctrl(), namespace, mrn, "Renamed"))).isEqualTo("AA");

        Patient patient = onePatient("urn:oid:" + oid, mrn);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Renamed");
        assertThat(patient.getMeta().getVersionId()).isEqualTo("2");
        assertThat(patients(BASE + namespace, mrn)).isEmpty();
        // learned from the first message, in its transaction
        assertThat(learned(TestSecurity.HL7_MAPLE)).containsEntry(namespace, "urn:oid:" + oid);
        assertThat(jdbc.sql("SELECT JOURNAL_ID FROM KAP_ASSIGNING_AUTHORITY WHERE PARTNER_ID = ? AND NAMESPACE_ID = ?")
                .params(TestSecurity.HL7_MAPLE, namespace).query(Long.class).single()).isEqualTo(journalId(first));
    }

    @Test
    void theNamespaceAloneFirstThenTheOidIsOnePatientThatGainsTheCanonicalIdentifier() throws Exception {
        String other = mrn + "B"; // a second patient stored under the namespace alone before the OID is ever seen
        assertThat(ackCode(MAPLE, adt("A04", MAPLE, ctrl(), namespace, mrn, "Firstname"))).isEqualTo("AA");
        assertThat(ackCode(MAPLE, adt("A04", MAPLE, ctrl(), namespace, other, "Othername"))).isEqualTo("AA");
        String id = onePatient(BASE + namespace, mrn).getIdElement().getIdPart();
        String otherId = onePatient(BASE + namespace, other).getIdElement().getIdPart();

        assertThat(ackCode(MAPLE, adt("A08", MAPLE, ctrl(), namespace + "&" + oid + "&ISO", mrn, "Renamed"))).isEqualTo("AA");
        Patient patient = onePatient("urn:oid:" + oid, mrn);
        assertThat(patient.getIdElement().getIdPart()).isEqualTo(id);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Renamed");
        assertThat(patient.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactly("urn:oid:" + oid + "|" + mrn);
        assertThat(patients(BASE + namespace, mrn)).isEmpty();

        // the namespace alone now names the OID, and a patient stored under the namespace alone is still found
        assertThat(ackCode(MAPLE, adt("A08", MAPLE, ctrl(), namespace, mrn, "Again"))).isEqualTo("AA");
        assertThat(onePatient("urn:oid:" + oid, mrn).getNameFirstRep().getFamily()).isEqualTo("Again");
        assertThat(ackCode(MAPLE, adt("A08", MAPLE, ctrl(), namespace, other, "Otherrenamed"))).isEqualTo("AA");
        assertThat(onePatient("urn:oid:" + oid, other).getIdElement().getIdPart()).isEqualTo(otherId);
        assertThat(patients(BASE + namespace, other)).isEmpty();
    }

    @Test
    void aNamespaceTheRegistryMapsIsUsedWithoutTheOidEverBeingSent() throws Exception {
        String configured = TestSecurity.HL7_MAPLE_CONFIGURED_NAMESPACE;
        assertThat(ackCode(MAPLE, adt("A04", MAPLE, ctrl(), configured, mrn, "Configured"))).isEqualTo("AA");
        assertThat(ackCode(MAPLE, adt("A08", MAPLE, ctrl(), configured, mrn, "Configuredtwice"))).isEqualTo("AA");

        assertThat(onePatient(TestSecurity.HL7_MAPLE_CONFIGURED_SYSTEM, mrn).getNameFirstRep().getFamily()).isEqualTo("Configuredtwice");
        assertThat(patients(BASE + configured, mrn)).isEmpty();
        assertThat(learned(TestSecurity.HL7_MAPLE)).doesNotContainKey(configured);

        // and another OID under that namespace is a contradiction of the registry
        String ack = send(MAPLE, adt("A08", MAPLE, ctrl(), configured + "&" + oid + "&ISO", mrn, "Contradicting"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 2)).isEqualTo("PID^1^3^1^4");
        assertThat(field(ack, "ERR", 3)).startsWith("103^");
        assertThat(onePatient(TestSecurity.HL7_MAPLE_CONFIGURED_SYSTEM, mrn).getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void aNamespaceSentWithAnotherOidThanItWasLearnedWithIsAnsweredAeAtPid3AndStoresNothing() throws Exception {
        assertThat(ackCode(MAPLE, adt("A04", MAPLE, ctrl(), namespace + "&" + oid + "&ISO", mrn, "Learned"))).isEqualTo("AA");
        String otherOid = oid + ".2";

        String ack = send(MAPLE, adt("A08", MAPLE, ctrl(), namespace + "&" + otherOid + "&ISO", mrn, "Contradicting"));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 2)).isEqualTo("PID^1^3^1^4");
        assertThat(field(ack, "ERR", 3)).startsWith("103^");
        assertThat(ack).doesNotContain(mrn).doesNotContain("Contradicting");
        Patient patient = onePatient("urn:oid:" + oid, mrn);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Learned");
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
        assertThat(patients("urn:oid:" + otherOid, mrn)).isEmpty();
        assertThat(learned(TestSecurity.HL7_MAPLE)).containsEntry(namespace, "urn:oid:" + oid);
    }

    @Test
    void anotherPartnerSendingTheNamespaceAloneIsNotMappedByTheFirstPartnersLearning() throws Exception {
        assertThat(ackCode(MAPLE, adt("A04", MAPLE, ctrl(), namespace + "&" + oid + "&ISO", mrn, "Maplename"))).isEqualTo("AA");

        assertThat(ackCode(BIRCH, adt("A04", BIRCH, ctrl(), namespace, mrn, "Birchname"))).isEqualTo("AA");

        Patient birch = onePatient(BASE + namespace, mrn);
        assertThat(birch.getNameFirstRep().getFamily()).isEqualTo("Birchname");
        Patient maple = onePatient("urn:oid:" + oid, mrn);
        assertThat(maple.getIdElement().getIdPart()).isNotEqualTo(birch.getIdElement().getIdPart());
        assertThat(maple.getNameFirstRep().getFamily()).isEqualTo("Maplename");
        assertThat(learned(TestSecurity.HL7_BIRCH)).doesNotContainKey(namespace);
    }

    @Test
    void aMessageThatIsNotStoredLearnsNothing() throws Exception {
        // Birch's patient under the namespace alone; Maple's message with the OID would update it (same number, the
        // namespace's earlier system) but Maple may not write Birch's patients: AE 204, rolled back, nothing learned
        assertThat(ackCode(BIRCH, adt("A04", BIRCH, ctrl(), namespace, mrn, "Birchname"))).isEqualTo("AA");

        String ack = send(MAPLE, adt("A08", MAPLE, ctrl(), namespace + "&" + oid + "&ISO", mrn, "Maplename"));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 3)).startsWith("204^");
        assertThat(learned(TestSecurity.HL7_MAPLE)).doesNotContainKey(namespace);
        assertThat(onePatient(BASE + namespace, mrn).getNameFirstRep().getFamily()).isEqualTo("Birchname");
        assertThat(patients("urn:oid:" + oid, mrn)).isEmpty();
    }

    @Test
    void aPartnerLimitedToItsAssigningAuthoritiesMayUseTheNamespaceOnceItStandsForOneOfThem() throws Exception {
        String aspenOid = TestSecurity.HL7_ASPEN_AUTHORITY.substring("urn:oid:".length());
        String before = send(ASPEN, adt("A04", ASPEN, ctrl(), namespace, mrn, "Aspenname"));
        assertThat(field(before, "MSA", 1)).isEqualTo("AE");
        assertThat(field(before, "ERR", 3)).startsWith("103^");

        assertThat(ackCode(ASPEN, adt("A04", ASPEN, ctrl(), namespace + "&" + aspenOid + "&ISO", mrn, "Aspenname"))).isEqualTo("AA");
        assertThat(ackCode(ASPEN, adt("A08", ASPEN, ctrl(), namespace, mrn, "Aspenrenamed"))).isEqualTo("AA");

        assertThat(onePatient(TestSecurity.HL7_ASPEN_AUTHORITY, mrn).getNameFirstRep().getFamily()).isEqualTo("Aspenrenamed");
    }

    /**
     * The HAPI 8.8 bug that hl7v2/mapping/Transaction#searchUrl works around (hapi-fhir#7783): a transaction's
     * conditional update whose URL is one token OR-list is resolved by its first value alone. When this fails, HAPI
     * resolves the whole list: drop the repeated parameter there.
     */
    @Test
    void hapiResolvesAnOrListInATransactionsConditionalUpdateByItsFirstValueOnly() {
        String storedSystem = BASE + namespace;
        Patient stored = new Patient();
        stored.addIdentifier().setSystem(storedSystem).setValue(mrn);
        daos.getResourceDao(Patient.class).create(stored, new SystemRequestDetails());
        Patient update = new Patient();
        update.addIdentifier().setSystem("urn:oid:" + oid).setValue(mrn);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(update).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Patient?identifier=urn:oid:" + oid + "|" + mrn + "," + storedSystem + "|" + mrn);

        fhir.transaction(new SystemRequestDetails(), transaction);

        // the stored patient matched the second value, yet was not updated: a second patient was created
        assertThat(patients(storedSystem, mrn)).hasSize(1);
        assertThat(patients("urn:oid:" + oid, mrn)).hasSize(1);
    }

    // ---- helpers

    String send(String[] sender, String message) throws Exception {
        assertThat(message).contains("|" + sender[0] + "|" + sender[1] + "|");
        return MllpClient.sendOnce(mllpPort, message);
    }

    String ackCode(String[] sender, String message) throws Exception {
        String ack = send(sender, message);
        assertThat(field(ack, "MSA", 1)).as(ack.replace('\r', '\n')).isIn("AA", "AE", "AR");
        return field(ack, "MSA", 1);
    }

    List<Patient> patients(String system, String value) {
        return daos.getResourceDao(Patient.class)
                .search(SearchParameterMap.newSynchronous("identifier", new TokenParam(system, value)), new SystemRequestDetails())
                .getAllResources().stream().map(Patient.class::cast).toList();
    }

    Patient onePatient(String system, String value) {
        List<Patient> found = patients(system, value);
        assertThat(found).as(system + "|" + value).hasSize(1);
        return (Patient) daos.getResourceDao(Patient.class)
                .read(new IdType("Patient", found.get(0).getIdElement().getIdPart()), new SystemRequestDetails());
    }

    Map<String, String> learned(String partnerId) {
        return jdbc.sql("SELECT NAMESPACE_ID, SYSTEM_URI FROM KAP_ASSIGNING_AUTHORITY WHERE PARTNER_ID = ?").param(partnerId)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    long journalId(String controlId) {
        return jdbc.sql("SELECT ID FROM KAP_MESSAGE_JOURNAL WHERE CONTROL_ID = ?").param(controlId).query(Long.class).single();
    }
}
