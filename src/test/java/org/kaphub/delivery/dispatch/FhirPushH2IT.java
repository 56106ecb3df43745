package org.kaphub.delivery.dispatch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;
import org.kaphub.delivery.entitlement.Part2Consents;
import org.kaphub.delivery.push.DeliveryKeys;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.PartnerSimulator;
import org.kaphub.support.PartnerSimulator.Receiver;
import org.kaphub.support.TestSecurity;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher and FHIR push against real partners: FHIR servers on 127.0.0.1 ({@link PartnerSimulator}: HAPI's
 * RestfulServer with an in-memory store that applies conditional updates) with token endpoints. Rows are written by
 * {@link TestOutbox} as the outbox writer writes them; the running application's dispatcher sends them.
 */
@KapIntegrationTest
class FhirPushH2IT {

    static final String MRN = "urn:oid:2.16.840.1.113883.3.9999.77";
    static final String LAB = "urn:kaphub:test:observation";
    static final String KAP_EVENT_TYPE = KapCanonicals.AUDIT_EVENT_TYPE;

    @Autowired
    DaoRegistry daos;
    @Autowired
    AuditLog auditLog;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    static PartnerSimulator simulator;
    TestOutbox outbox;

    @BeforeAll
    static void simulator() {
        simulator = TestSecurity.simulator();
    }

    @Autowired
    void outbox(DaoRegistry daos, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.outbox = new TestOutbox(daos, jdbc, transactions);
    }

    @Test
    void deliversAWriteGroupAsOneTransactionOfConditionalUpdatesWithReferencesResolvedAtThePartner() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH).requireClient(TestSecurity.DISPATCH, TestSecurity.SECRET);
        receiver.reset();
        IIdType patient = deliveredPatient(TestSecurity.DISPATCH); // the writer's row for the new patient
        String patientKey = patient.toUnqualifiedVersionless().getValue();
        Observation total = observation(patient, "total", 14);
        IIdType totalV1 = outbox.store(total);
        Observation item = observation(patient, null, 3); // no identifier: known at the partner by KAP Hub's id
        item.addDerivedFrom(new Reference(totalV1.toUnqualifiedVersionless()));
        IIdType itemV1 = outbox.store(item);
        String group = UUID.randomUUID().toString();
        List<Long> rows = outbox.together(() -> List.of(outbox.queue(TestSecurity.DISPATCH, totalV1, patientKey, group),
                outbox.queue(TestSecurity.DISPATCH, itemV1, patientKey, group)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(rows.get(1))));
        assertThat(outbox.status(rows.get(0))).isEqualTo("DELIVERED");

        // the patient alone, then the group as one transaction: each entry a conditional update on its key
        assertThat(receiver.received()).hasSize(2).allSatisfy(request -> {
            assertThat(request.status()).isEqualTo(200);
            assertThat(request.bundle().getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        });
        assertThat(entries(receiver.received().get(0))).containsExactly("PUT " + DeliveryKeys.matchUrl("Patient", mrn(patient)));
        assertThat(entries(receiver.received().get(1))).containsExactlyInAnyOrder(
                "PUT " + DeliveryKeys.matchUrl("Observation", new Identifier().setSystem(LAB).setValue(total.getIdentifierFirstRep().getValue())),
                "PUT " + DeliveryKeys.matchUrl("Observation", new Identifier().setSystem(DeliveryKeys.RESOURCE_SYSTEM).setValue(itemV1.getIdPart())));
        PartnerSimulator.Stored theirPatient = receiver.stored("Patient", MRN, mrn(patient).getValue());
        PartnerSimulator.Stored theirTotal = receiver.stored("Observation", LAB, total.getIdentifierFirstRep().getValue());
        PartnerSimulator.Stored theirItem = receiver.stored("Observation", DeliveryKeys.RESOURCE_SYSTEM, itemV1.getIdPart());
        // the patient by a conditional reference (the partner has it), the total by its urn:uuid (same Bundle)
        assertThat(((Observation) theirTotal.resource()).getSubject().getReference()).isEqualTo("Patient/" + theirPatient.id());
        assertThat(((Observation) theirItem.resource()).getSubject().getReference()).isEqualTo("Patient/" + theirPatient.id());
        assertThat(((Observation) theirItem.resource()).getDerivedFromFirstRep().getReference()).isEqualTo("Observation/" + theirTotal.id());
        // KAP Hub's bookkeeping stays home: no organisation tags; the registry Organization as a logical reference
        assertThat(theirPatient.resource().getMeta().getTag()).isEmpty();
        assertThat(((Patient) theirPatient.resource()).getManagingOrganization().getReference()).isNull();
        assertThat(((Patient) theirPatient.resource()).getManagingOrganization().getType()).isEqualTo("Organization");

        // a new version: the same record at the partner is updated
        total.setId(totalV1.toUnqualifiedVersionless());
        total.setValue(new Quantity(15));
        IIdType totalV2 = outbox.store(total);
        long updateRow = outbox.queue(TestSecurity.DISPATCH, totalV2, patientKey, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(updateRow)));
        assertThat(receiver.received()).hasSize(3);
        PartnerSimulator.Stored updated = receiver.stored("Observation", LAB, total.getIdentifierFirstRep().getValue());
        assertThat(updated.id()).isEqualTo(theirTotal.id());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(((Observation) updated.resource()).getValueQuantity().getValue().intValue()).isEqualTo(15);
        assertThat(receiver.all("Observation")).hasSize(2);
        assertThat(receiver.all("Patient")).singleElement().satisfies(stored -> assertThat(stored.version()).isEqualTo(1));

        // one token for every push (cached), every attempt journaled OUT and audited with the version sent
        assertThat(receiver.tokensIssued()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT STATUS FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'OUT' AND SENDING_FACILITY = ? ORDER BY ID")
                .param(TestSecurity.DISPATCH).query(String.class).list()).containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED");
        assertThat(pushAudits(TestSecurity.DISPATCH)).anySatisfy(event -> {
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
            assertThat(event.getEntity()).extracting(FhirPushH2IT::versioned).containsExactly(totalV2.getValue());
        });
    }

    @Test
    void signsInWithAClientAssertionSignedWithKapHubsPublishedKey() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_JWT).requireClient(TestSecurity.DISPATCH_JWT, null)
                .trustJwks("http://127.0.0.1:" + port + "/oauth2/jwks");
        receiver.reset();
        IIdType patient = outbox.store(patient(TestSecurity.DISPATCH_JWT));
        long row = outbox.queue(TestSecurity.DISPATCH_JWT, patient, patient.toUnqualifiedVersionless().getValue(), null);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(row)));
        assertThat(receiver.tokensIssued()).isEqualTo(1);
        assertThat(receiver.received()).extracting(PartnerSimulator.Received::status).containsExactly(200);
    }

    @Test
    void aPartnerDownForAWhileGetsEverythingAfterwardsInOrderPerPatientAndNothingTwice() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_DOWN);
        receiver.reset();
        List<IIdType> patients = new ArrayList<>();
        List<IIdType> observations = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            IIdType patient = deliveredPatient(TestSecurity.DISPATCH_DOWN);
            patients.add(patient);
            for (int value = 1; value <= 4; value++) {
                observations.add(outbox.store(observation(patient, "seq", value)));
            }
        }
        receiver.failNext(503, 5, null);
        // queued at once: the three patients' first rows fail in parallel, which opens the circuit
        List<Long> rows = outbox.together(() -> observations.stream().map(observation -> outbox.queue(TestSecurity.DISPATCH_DOWN,
                observation, patients.get(observations.indexOf(observation) / 4).toUnqualifiedVersionless().getValue(), null)).toList());

        await().atMost(Duration.ofSeconds(40)).until(() -> rows.stream().allMatch(row -> "DELIVERED".equals(outbox.status(row))));
        List<PartnerSimulator.Received> received = receiver.received();
        assertThat(received).filteredOn(r -> r.status() == 503).hasSize(5);
        // three failures in a row opened the circuit: nothing was sent to the partner for circuit-open (1 s) after them
        assertThat(largestGap(received)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        // at the partner: every observation once, each patient's in the order written
        assertThat(receiver.all("Observation")).hasSize(12).allSatisfy(stored -> assertThat(stored.version()).isEqualTo(1));
        assertThat(receiver.all("Patient")).hasSize(3).allSatisfy(stored -> assertThat(stored.version()).isEqualTo(1));
        for (IIdType patient : patients) {
            String theirs = "Patient/" + receiver.stored("Patient", MRN, mrn(patient).getValue()).id();
            assertThat(receiver.applied()).filteredOn(r -> r instanceof Observation o && theirs.equals(o.getSubject().getReference()))
                    .extracting(r -> ((Observation) r).getValueQuantity().getValue().intValue())
                    .containsExactly(1, 2, 3, 4);
        }
        assertThat(jdbc.sql("SELECT CONSECUTIVE_FAILURES FROM KAP_DELIVERY_PARTNER WHERE PARTNER_ID = ?")
                .param(TestSecurity.DISPATCH_DOWN).query(Integer.class).single()).isZero();
    }

    @Test
    void serverErrorsAreRetriedWithGrowingWaitsThenDeadLettered() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_500);
        receiver.reset();
        receiver.failNext(500, 1000, null);
        IIdType patient = outbox.store(patient(TestSecurity.DISPATCH_500));
        long row = outbox.queue(TestSecurity.DISPATCH_500, patient, patient.toUnqualifiedVersionless().getValue(), null);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DEAD".equals(outbox.status(row)));
        Map<String, Object> dead = outbox.row(row);
        assertThat(dead.get("ATTEMPTS")).isEqualTo(6); // kap.delivery.dispatch.max-attempts in the tests
        assertThat(dead.get("LAST_STATUS")).isEqualTo(500);
        assertThat((String) dead.get("LAST_ERROR")).contains("gave up after 6 attempts").contains("HTTP 500");
        assertThat(String.valueOf(dead.get("LAST_RESPONSE"))).contains("simulated failure 500");
        List<PartnerSimulator.Received> received = receiver.received();
        assertThat(received).hasSize(6).allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
        // backoff 100 ms, 200 ms (±20 %), then the circuit (3 failures in a row) holds the partner for 1 s each time
        assertThat(Duration.between(received.get(0).at(), received.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        assertThat(Duration.between(received.get(1).at(), received.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(160));
        for (int i = 3; i < 6; i++) {
            assertThat(Duration.between(received.get(i - 1).at(), received.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertThat(jdbc.sql("SELECT STATUS FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'OUT' AND SENDING_FACILITY = ?")
                .param(TestSecurity.DISPATCH_500).query(String.class).list()).hasSize(6).containsOnly("ERROR");
        assertThat(pushAudits(TestSecurity.DISPATCH_500)).hasSize(6)
                .allSatisfy(event -> assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4));
    }

    @Test
    void aRefusalIsDeadLetteredAtOnceWithThePartnersAnswerKeptAndTheQueueGoesOn() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_400);
        receiver.reset();
        receiver.failNext(400, 1, null);
        IIdType patient = outbox.store(patient(TestSecurity.DISPATCH_400));
        String key = patient.toUnqualifiedVersionless().getValue();
        long refused = outbox.queue(TestSecurity.DISPATCH_400, patient, key, null);
        long next = outbox.queue(TestSecurity.DISPATCH_400, outbox.store(observation(patient, "after", 1)), key, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(next)));
        Map<String, Object> dead = outbox.row(refused);
        assertThat(dead.get("STATUS")).isEqualTo("DEAD");
        assertThat(dead.get("ATTEMPTS")).isEqualTo(1);
        assertThat(dead.get("LAST_STATUS")).isEqualTo(400);
        assertThat(String.valueOf(dead.get("LAST_RESPONSE"))).contains("OperationOutcome").contains("simulated failure 400");
        assertThat(receiver.received()).extracting(PartnerSimulator.Received::status).containsExactly(400, 200);
        assertThat(jdbc.sql("SELECT STATUS FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'OUT' AND SENDING_FACILITY = ? ORDER BY ID")
                .param(TestSecurity.DISPATCH_400).query(String.class).list()).containsExactly("REJECTED", "ACCEPTED");
    }

    @Test
    void tooManyRequestsWaitsAsLongAsTheRetryAfterAsks() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_400);
        receiver.reset();
        receiver.failNext(429, 1, 2);
        IIdType patient = outbox.store(patient(TestSecurity.DISPATCH_400));
        long row = outbox.queue(TestSecurity.DISPATCH_400, patient, patient.toUnqualifiedVersionless().getValue(), null);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(row)));
        List<PartnerSimulator.Received> received = receiver.received();
        assertThat(received).extracting(PartnerSimulator.Received::status).containsExactly(429, 200);
        // max-backoff is 400 ms in the tests: the 2 s wait is the partner's
        assertThat(Duration.between(received.get(0).at(), received.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(outbox.row(row).get("ATTEMPTS")).isEqualTo(2);
    }

    @Test
    void aLostAnswerIsSentAgainAndTheRedeliveryUpdatesTheSameRecord() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_LOST);
        receiver.reset();
        IIdType patient = deliveredPatient(TestSecurity.DISPATCH_LOST);
        receiver.loseAnswers(1, Duration.ofSeconds(3)); // longer than kap.delivery.push.read-timeout (2 s)
        IIdType version = outbox.store(observation(patient, "lost", 7));
        long row = outbox.queue(TestSecurity.DISPATCH_LOST, version, patient.toUnqualifiedVersionless().getValue(), null);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(row)));
        assertThat(outbox.row(row).get("ATTEMPTS")).isEqualTo(2);
        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.all("Observation")).singleElement().satisfies(stored -> assertThat(stored.version()).isEqualTo(2));
        assertThat(receiver.all("Patient")).singleElement().satisfies(stored -> assertThat(stored.version()).isEqualTo(1));
        assertThat(jdbc.sql("SELECT ERROR_TEXT FROM KAP_MESSAGE_JOURNAL WHERE DIRECTION = 'OUT' AND SENDING_FACILITY = ? ORDER BY ID")
                .param(TestSecurity.DISPATCH_LOST).query(String.class).list())
                .satisfiesExactly(patientPush -> assertThat(patientPush).isEqualTo("HTTP 200"),
                        lost -> assertThat(lost).startsWith("no response: "),
                        again -> assertThat(again).isEqualTo("HTTP 200"));
    }

    @Test
    void part2DataGoesOnlyUnderAnActiveConsentNamingThePartnerWithThePatientAlongAndARevokedConsentBlocksWhatIsQueued() {
        Receiver receiver = simulator.receiver(TestSecurity.DISPATCH_PART2);
        receiver.reset();
        // a Part 2 patient, registered before any consent: the writer queues it for nobody
        IIdType patient = outbox.store(part2(patient(TestSecurity.DISPATCH_PART2)));
        String key = patient.toUnqualifiedVersionless().getValue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM KAP_OUTBOX WHERE ORDER_KEY = ?").param(key).query(Integer.class).single()).isZero();
        Consent consent = part2Consent(patient, TestSecurity.DISPATCH_PART2);
        IIdType consentId = outbox.store(consent);
        Observation first = part2(observation(patient, "sud", 1));
        long coveredRow = outbox.queue(TestSecurity.DISPATCH_PART2, outbox.store(first), key, null, "CREATE", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(coveredRow)));
        // the partner had not had the patient: it travels along, so the reference to it resolves there
        assertThat(entries(receiver.received().get(0))).containsExactlyInAnyOrder(
                "PUT " + DeliveryKeys.matchUrl("Patient", mrn(patient)),
                "PUT " + DeliveryKeys.matchUrl("Observation", first.getIdentifierFirstRep()));
        assertThat(((Observation) receiver.stored("Observation", LAB, first.getIdentifierFirstRep().getValue()).resource())
                .getMeta().getSecurity()).extracting(c -> c.getCode()).containsExactly("ETH");
        assertThat(jdbc.sql("SELECT STATUS FROM KAP_OUTBOX WHERE PARTNER_ID = ? AND RESOURCE_TYPE = 'Patient' AND RESOURCE_ID = ?")
                .params(TestSecurity.DISPATCH_PART2, patient.getIdPart()).query(String.class).list()).containsExactly("DELIVERED");

        // revoked: what is queued for the partner is blocked, audited, never sent
        consent.setId(consentId.toUnqualifiedVersionless());
        consent.setStatus(Consent.ConsentState.INACTIVE);
        outbox.store(consent);
        IIdType later = outbox.store(part2(observation(patient, "sud", 2)));
        long laterRow = outbox.queue(TestSecurity.DISPATCH_PART2, later, key, null, "CREATE", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "BLOCKED".equals(outbox.status(laterRow)));
        Map<String, Object> blocked = outbox.row(laterRow);
        assertThat((String) blocked.get("LAST_ERROR")).contains("no active consent names the partner");
        assertThat(blocked.get("ATTEMPTS")).isEqualTo(0);
        assertThat(receiver.received()).hasSize(1);
        assertThat(receiver.all("Observation")).hasSize(1);
        assertThat(audits(TestSecurity.DISPATCH_PART2, "delivery-blocked")).anySatisfy(event ->
                assertThat(event.getEntity()).extracting(FhirPushH2IT::versioned).containsExactly(later.getValue()));
    }

    // ---- data ----

    /** A patient of the partner's organisation: the outbox writer queues it for that partner (and no other). */
    private static Patient patient(String partner) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MRN).setValue("MRN-" + UUID.randomUUID());
        patient.addName().setFamily("Delivery").addGiven("Test");
        patient.setManagingOrganization(new Reference("Organization/" + TestSecurity.dispatchOrg(partner)));
        return patient;
    }

    /** Stores a patient of the partner's and waits until the writer's row for it has been delivered. */
    private IIdType deliveredPatient(String partner) {
        IIdType patient = outbox.store(patient(partner));
        long row = outbox.queue(partner, patient, patient.toUnqualifiedVersionless().getValue(), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(outbox.status(row)));
        return patient;
    }

    private static Observation observation(IIdType patient, String code, int value) {
        Observation observation = new Observation();
        if (code != null) {
            observation.addIdentifier().setSystem(LAB).setValue(code + "-" + UUID.randomUUID());
        }
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("44261-6");
        observation.setSubject(new Reference(patient.toUnqualifiedVersionless()));
        observation.setValue(new Quantity(value));
        return observation;
    }

    private static <T extends org.hl7.fhir.r4.model.Resource> T part2(T resource) {
        resource.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null);
        return resource;
    }

    private static List<String> entries(PartnerSimulator.Received request) {
        return request.bundle().getEntry().stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).toList();
    }

    /** KAP Part 2 Consent naming the partner as information recipient (IRCP) by its registry id. */
    private static Consent part2Consent(IIdType patient, String partner) {
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
        consent.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
        consent.setPatient(new Reference(patient.toUnqualifiedVersionless()));
        consent.addPolicy().setUri("https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2");
        consent.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("42CFRPart2");
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.addActor().setRole(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
                .setReference(new Reference().setIdentifier(new Identifier()
                        .setSystem(Part2Consents.PARTNER_SYSTEM).setValue(partner)));
        return consent;
    }

    private Identifier mrn(IIdType patient) {
        return ((Patient) daos.getResourceDao(Patient.class).read(patient.toUnqualifiedVersionless(), new SystemRequestDetails()))
                .getIdentifierFirstRep();
    }

    private List<AuditEvent> pushAudits(String partner) {
        return audits(partner, "fhir-push");
    }

    private List<AuditEvent> audits(String partner, String subtype) {
        return auditLog.search(AuditSearch.all().with(AuditSearch.Param.SUBTYPE, KAP_EVENT_TYPE + "|" + subtype)).stream()
                .filter(event -> event.getAgent().stream().anyMatch(agent -> partner.equals(agent.getWho().getIdentifier().getValue())))
                .toList();
    }

    /** An audited entity as Type/id/_history/n (the version is a detail: HAPI strips it from stored references). */
    private static String versioned(AuditEvent.AuditEventEntityComponent entity) {
        return entity.getWhat().getReference() + entity.getDetail().stream().filter(d -> "version".equals(d.getType()))
                .map(d -> "/_history/" + d.getValueStringType().getValue()).findFirst().orElse("");
    }

    private static Duration largestGap(List<PartnerSimulator.Received> received) {
        Duration largest = Duration.ZERO;
        for (int i = 1; i < received.size(); i++) {
            Duration gap = Duration.between(received.get(i - 1).at(), received.get(i).at());
            largest = gap.compareTo(largest) > 0 ? gap : largest;
        }
        return largest;
    }
}
