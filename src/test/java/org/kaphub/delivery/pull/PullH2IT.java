package org.kaphub.delivery.pull;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaphub.audit.AuditLog;
import org.kaphub.audit.AuditSearch;
import org.kaphub.support.FhirPartnerSimulator;
import org.kaphub.support.KapIntegrationTest;
import org.kaphub.support.TestSecurity;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pull from a prescribing platform (issue 12, item 4) against a real FHIR server on 127.0.0.1
 * ({@link FhirPartnerSimulator}: HAPI's plain RestfulServer, pages of 3), polled every second by the running application
 * as partner {@value TestSecurity#PULL_PLATFORM} (limited to org-north). Every record a test puts there is stamped later
 * than anything before ({@link #next()}), so the tests share the partner's high-water mark without hiding each other's
 * records.
 */
@KapIntegrationTest
class PullH2IT {

    static final String PARTNER = TestSecurity.PULL_PLATFORM;
    static final String MRN = "https://rx-platform.example/sid/mrn";
    static final String ORDER = "https://rx-platform.example/sid/order";
    static final String PLAN = "https://rx-platform.example/sid/course";
    static final Duration WAIT = Duration.ofSeconds(60);
    static Instant last = Instant.EPOCH;

    final FhirPartnerSimulator platform = FhirPartnerSimulator.instance();

    @Autowired
    DaoRegistry daos;
    @Autowired
    AuditLog auditLog;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    PullSchedule schedule;
    @Autowired
    MeterRegistry meters;

    String run;

    @BeforeEach
    void freshIdentifiers() {
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void storesEveryRecordOnceWithItsPatientAndAProvenanceNamingThePartner() {
        Patient ann = platform.put(patient("p-" + run + "-1"), next());
        Patient bob = platform.put(patient("p-" + run + "-2"), next());
        List<MedicationRequest> orders = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            orders.add(platform.put(order("o-" + run + "-" + i, i % 2 == 0 ? ann : bob, "0.5 mg/kg IV"), next()));
        }
        CarePlan course = platform.put(course("c-" + run, ann), next());
        int requestsBefore = platform.requests().size();

        await().atMost(WAIT).untilAsserted(() -> {
            for (MedicationRequest order : orders) {
                assertThat(onKapHub("MedicationRequest", ORDER, key(order))).hasSize(1);
            }
            assertThat(onKapHub("CarePlan", PLAN, key(course))).hasSize(1);
        });
        // 4 orders in pages of 3: the next link was followed
        assertThat(platform.requests().subList(requestsBefore, platform.requests().size())).anyMatch(r -> r.contains("_getpages"));

        Patient stored = (Patient) onKapHub("Patient", MRN, key(ann)).get(0);
        assertThat(onKapHub("Patient", MRN, key(bob))).hasSize(1);
        assertThat(stored.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        MedicationRequest order = (MedicationRequest) onKapHub("MedicationRequest", ORDER, key(orders.get(1))).get(0);
        assertThat(order.getSubject().getReference()).isEqualTo("Patient/" + stored.getIdElement().getIdPart());
        // the prescriber is not pulled: a logical reference to the partner's record of it
        assertThat(order.getRequester().getReference()).isNull();
        assertThat(order.getRequester().getIdentifier().getSystem()).isEqualTo(platform.base() + "/Practitioner");
        assertThat(order.getRequester().getIdentifier().getValue()).isEqualTo("prescriber-1");

        Provenance provenance = onlyProvenanceOf(order);
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getSystem()).isEqualTo(KapCanonicals.PARTNER_SID);
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(PARTNER);
        assertThat(provenance.getAgentFirstRep().getWho().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue())
                .isEqualTo(platform.base() + "/MedicationRequest/o-" + run + "-2/_history/1");

        // later polls read the newest records again (the overlap window) and store nothing new
        int polled = platform.requests().size();
        await().atMost(WAIT).until(() -> searchesSince(polled, "MedicationRequest") >= 2);
        MedicationRequest again = (MedicationRequest) onKapHub("MedicationRequest", ORDER, key(orders.get(3))).get(0);
        assertThat(again.getMeta().getVersionId()).isEqualTo("1");
        onlyProvenanceOf(again);
    }

    @Test
    void aChangedRecordIsUpdatedNotDuplicated() {
        Patient patient = platform.put(patient("p-" + run), next());
        MedicationRequest order = platform.put(order("o-" + run, patient, "0.5 mg/kg IV"), next());
        await().atMost(WAIT).untilAsserted(() -> assertThat(onKapHub("MedicationRequest", ORDER, key(order))).hasSize(1));

        order.getDosageInstructionFirstRep().setText("0.75 mg/kg IV");
        platform.put(order, next());

        await().atMost(WAIT).untilAsserted(() -> {
            List<IBaseResource> found = onKapHub("MedicationRequest", ORDER, key(order));
            assertThat(found).hasSize(1);
            assertThat(((MedicationRequest) found.get(0)).getDosageInstructionFirstRep().getText()).isEqualTo("0.75 mg/kg IV");
        });
        MedicationRequest stored = (MedicationRequest) onKapHub("MedicationRequest", ORDER, key(order)).get(0);
        assertThat(stored.getMeta().getVersionId()).isEqualTo("2");
        assertThat(provenancesOf(stored)).hasSize(2);
        assertThat(onKapHub("Patient", MRN, key(patient))).hasSize(1);
    }

    @Test
    void aRecordStampedInTheSecondOfTheMarkIsNotMissed() {
        Patient patient = platform.put(patient("p-" + run), next());
        Instant stamp = next().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).plusMillis(800);
        last = stamp;
        MedicationRequest first = platform.put(order("o-" + run + "-a", patient, "0.5 mg/kg IV"), stamp);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onKapHub("MedicationRequest", ORDER, key(first))).hasSize(1);
            assertThat(mark("MedicationRequest")).isEqualTo(stamp);
        });

        // committed by the platform after the poll, stamped earlier in the same second: with the mark as the lower
        // bound (no overlap) neither would ever be read
        MedicationRequest late = platform.put(order("o-" + run + "-b", patient, "0.5 mg/kg IV"), stamp.minusMillis(500));
        MedicationRequest whole = platform.put(order("o-" + run + "-c", patient, "0.5 mg/kg IV"), stamp.truncatedTo(ChronoUnit.SECONDS));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onKapHub("MedicationRequest", ORDER, key(late))).hasSize(1);
            assertThat(onKapHub("MedicationRequest", ORDER, key(whole))).hasSize(1);
        });
        assertThat(mark("MedicationRequest")).isEqualTo(stamp); // it never moves back
    }

    @Test
    void aRestartResumesFromTheStoredMarkWithoutMissesOrDuplicates() throws Exception {
        Patient patient = platform.put(patient("p-" + run), next());
        MedicationRequest kept = platform.put(order("o-" + run + "-kept", patient, "0.5 mg/kg IV"), next());
        MedicationRequest changed = platform.put(order("o-" + run + "-changed", patient, "0.5 mg/kg IV"), next());
        await().atMost(WAIT).untilAsserted(() -> assertThat(onKapHub("MedicationRequest", ORDER, key(changed))).hasSize(1));

        camel.getRouteController().stopRoute("delivery-pull");
        Instant stored;
        try {
            stored = mark("MedicationRequest");
            assertThat(stored).isEqualTo(changed.getMeta().getLastUpdated().toInstant());
            changed.getDosageInstructionFirstRep().setText("0.75 mg/kg IV");
            platform.put(changed, next());
            MedicationRequest added = platform.put(order("o-" + run + "-added", patient, "0.5 mg/kg IV"), next());
            schedule.forget(); // a new node knows nothing but the database
            int requestsBefore = platform.requests().size();
            camel.getRouteController().startRoute("delivery-pull");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(onKapHub("MedicationRequest", ORDER, key(added))).hasSize(1);
                List<IBaseResource> update = onKapHub("MedicationRequest", ORDER, key(changed));
                assertThat(update).hasSize(1);
                assertThat(((MedicationRequest) update.get(0)).getDosageInstructionFirstRep().getText()).isEqualTo("0.75 mg/kg IV");
            });
            // the first search after the restart started at the stored mark, minus the overlap
            String first = platform.requests().subList(requestsBefore, platform.requests().size()).stream()
                    .filter(r -> r.startsWith("/fhir/MedicationRequest?")).findFirst().orElseThrow();
            assertThat(lowerBound(first)).isEqualTo(stored.minusSeconds(5));
        } finally {
            camel.getRouteController().startRoute("delivery-pull");
        }
        MedicationRequest unchanged = (MedicationRequest) onKapHub("MedicationRequest", ORDER, key(kept)).get(0);
        assertThat(unchanged.getMeta().getVersionId()).isEqualTo("1");
        onlyProvenanceOf(unchanged);
        assertThat(onKapHub("Patient", MRN, key(patient))).hasSize(1);
    }

    @Test
    void aPartnerThatIsDownIsPolledAgainAndNothingIsLost() {
        Patient patient = platform.put(patient("p-" + run), next());
        double failedBefore = failedPolls();
        platform.down(true);
        MedicationRequest order;
        try {
            order = platform.put(order("o-" + run, patient, "0.5 mg/kg IV"), next());
            await().atMost(WAIT).until(() -> failedPolls() >= failedBefore + 2);
            assertThat(onKapHub("MedicationRequest", ORDER, key(order))).isEmpty();
        } finally {
            platform.down(false);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(onKapHub("MedicationRequest", ORDER, key(order))).hasSize(1));
    }

    @Test
    void aRecordKapHubRefusesIsAuditedOnceAndPassed() {
        Patient patient = platform.put(patient("p-" + run), next());
        MedicationRequest invalid = order("o-" + run + "-invalid", patient, "0.5 mg/kg IV");
        invalid.setRequester(null); // KAP MedicationRequest: the prescriber is required (Schedule III)
        platform.put(invalid, next());
        MedicationRequest valid = platform.put(order("o-" + run + "-valid", patient, "0.5 mg/kg IV"), next());

        await().atMost(WAIT).untilAsserted(() -> assertThat(onKapHub("MedicationRequest", ORDER, key(valid))).hasSize(1));
        assertThat(onKapHub("MedicationRequest", ORDER, key(invalid))).isEmpty();
        String source = platform.base() + "/MedicationRequest/o-" + run + "-invalid/_history/1";
        int polled = platform.requests().size();
        await().atMost(WAIT).until(() -> searchesSince(polled, "MedicationRequest") >= 2); // read again in the overlap
        List<AuditEvent> refusals = refusalsOf(source);
        assertThat(refusals).singleElement().satisfies(event -> {
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
            assertThat(event.getOutcomeDesc()).contains("HTTP 422").contains("MedicationRequest").doesNotContain("mg/kg");
            assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("partner:" + PARTNER);
        });
    }

    @Test
    void anOrderForAPatientOfAnotherOrganisationIsRefusedAndAuditedWhileOneForItsOwnIsStored() {
        // KAP Hub already holds this patient for org-south; the platform (org-north only) knows it by the same MRN
        Patient theirs = patient("p-" + run + "-south");
        Patient southCopy = patient("p-" + run + "-south").setManagingOrganization(new Reference("Organization/" + TestSecurity.ORG_SOUTH));
        southCopy.setId((String) null);
        String southId = daos.getResourceDao(Patient.class).create(southCopy, new SystemRequestDetails()).getId().getIdPart();
        platform.put(theirs, next());
        MedicationRequest foreign = platform.put(order("o-" + run + "-foreign", theirs, "0.5 mg/kg IV"), next());
        Patient own = platform.put(patient("p-" + run + "-own"), next());
        MedicationRequest mine = platform.put(order("o-" + run + "-own", own, "0.5 mg/kg IV"), next());

        await().atMost(WAIT).untilAsserted(() -> assertThat(onKapHub("MedicationRequest", ORDER, key(mine))).hasSize(1));
        String source = platform.base() + "/MedicationRequest/o-" + run + "-foreign/_history/1";
        await().atMost(WAIT).untilAsserted(() -> assertThat(refusalsOf(source)).singleElement().satisfies(event -> {
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
            assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("partner:" + PARTNER);
        }));
        assertThat(onKapHub("MedicationRequest", ORDER, key(foreign))).isEmpty();
        // nothing of the other organisation's patient changed hands, and no second patient was made for it
        assertThat(onKapHub("Patient", MRN, key(theirs))).singleElement().satisfies(patient -> {
            assertThat(patient.getIdElement().getIdPart()).isEqualTo(southId);
            assertThat(((Patient) patient).getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG_SOUTH);
        });
        Patient stored = (Patient) onKapHub("Patient", MRN, key(own)).get(0);
        assertThat(stored.getManagingOrganization().getReference()).isEqualTo("Organization/" + TestSecurity.ORG);
    }

    // ---- the platform's records ----

    /** Strictly later than every record put before, and not before now. */
    static synchronized Instant next() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        last = now.isAfter(last) ? now : last.plusMillis(1);
        return last;
    }

    Patient patient(String id) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addIdentifier().setSystem(MRN).setValue("mrn-" + id);
        patient.addName().setFamily("Pulled").addGiven("Test");
        patient.setManagingOrganization(new Reference("Organization/platform-org")); // the platform's own, not ours
        return patient;
    }

    MedicationRequest order(String id, Patient patient, String dose) {
        MedicationRequest order = new MedicationRequest();
        order.setId(id);
        order.addIdentifier().setSystem(ORDER).setValue("order-" + id);
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine")));
        order.setSubject(new Reference("Patient/" + patient.getIdElement().getIdPart()));
        order.setRequester(new Reference("Practitioner/prescriber-1").setDisplay("Dr Prescriber"));
        order.addDosageInstruction().setText(dose);
        return order;
    }

    CarePlan course(String id, Patient patient) {
        CarePlan plan = new CarePlan();
        plan.setId(id);
        plan.addIdentifier().setSystem(PLAN).setValue("course-" + id);
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(new CodeableConcept(new Coding("https://fhir.kaphub.org/CodeSystem/kap-careplan-category", "kap-course", null)));
        plan.setSubject(new Reference("Patient/" + patient.getIdElement().getIdPart()));
        return plan;
    }

    static String key(org.hl7.fhir.r4.model.Resource resource) {
        return ((Identifier) resource.getNamedProperty("identifier").getValues().get(0)).getValue();
    }

    // ---- what KAP Hub holds ----

    List<IBaseResource> onKapHub(String type, String system, String value) {
        return daos.getResourceDao(type).search(SearchParameterMap.newSynchronous("identifier", new TokenParam(system, value)),
                new SystemRequestDetails()).getAllResources();
    }

    List<Provenance> provenancesOf(IBaseResource resource) {
        return daos.getResourceDao("Provenance").search(SearchParameterMap.newSynchronous("target",
                        new ReferenceParam(resource.getIdElement().toUnqualifiedVersionless().getValue())), new SystemRequestDetails())
                .getAllResources().stream().map(Provenance.class::cast).toList();
    }

    Provenance onlyProvenanceOf(IBaseResource resource) {
        List<Provenance> found = provenancesOf(resource);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    List<AuditEvent> refusalsOf(String source) {
        return auditLog.search(AuditSearch.all().with(AuditSearch.Param.SUBTYPE, KapCanonicals.AUDIT_EVENT_TYPE + "|fhir-pull")).stream()
                .filter(e -> e.getEntity().stream().anyMatch(en -> source.equals(en.getWhat().getIdentifier().getValue())))
                .toList();
    }

    Instant mark(String type) {
        return jdbc.sql("SELECT HIGH_WATER FROM KAP_PULL_MARK WHERE PARTNER_ID = ? AND RESOURCE_TYPE = ?").params(PARTNER, type)
                .query(LocalDateTime.class).single().toInstant(ZoneOffset.UTC);
    }

    /** The instant of {@code _lastUpdated=ge…} in a request's query. */
    static Instant lowerBound(String request) {
        String query = URLDecoder.decode(request.substring(request.indexOf('?') + 1), StandardCharsets.UTF_8);
        Matcher ge = Pattern.compile("_lastUpdated=ge([^&]+)").matcher(query);
        assertThat(ge.find()).as(request).isTrue();
        return new InstantType(ge.group(1)).getValue().toInstant();
    }

    long searchesSince(int index, String type) {
        List<String> requests = platform.requests();
        return requests.subList(index, requests.size()).stream().filter(r -> r.startsWith("/fhir/" + type + "?")).count();
    }

    double failedPolls() {
        var counter = meters.find("kap.pull.polls").tags("partner", PARTNER, "outcome", "failed").counter();
        return counter == null ? 0 : counter.count();
    }
}
