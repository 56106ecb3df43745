package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.fixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixtureWith;

/** RDE^O11 and OMP^O09 → MedicationRequest (README "RDE^O11 / OMP^O09 → MedicationRequest" is the specification). */
class PharmacyOrderToTransactionTest {

    private static final String RDE = "rde-o11-ketamine.hl7";
    private static final String OMP = "omp-o09-esketamine.hl7";
    private static final String KAPEHR = "https://kaphub.org/fhir/sid/KAPEHR";
    private static final String NPI = "urn:oid:2.16.840.1.113883.4.6";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String ORC_RDE = "ORC|NW|ORD-" + MRN + "^KAPEHR|||||||20240301085500-0800|||"
            + "1234567890^NGUYEN^AN^^^^^^NPI&2.16.840.1.113883.4.6&ISO";

    @Test
    void rdeBecomesPatientAndOneConditionalPutOfTheMedicationRequest() throws MappingException {
        Bundle bundle = mapFixture(RDE);

        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(bundle.getEntry().get(0).getRequest().getIfNoneExist())
                .isEqualTo("identifier=https://kaphub.org/fhir/sid/SOUTHCLINIC|" + MRN);
        BundleEntryComponent entry = bundle.getEntry().get(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("MedicationRequest?identifier=" + KAPEHR + "|ORD-" + MRN);
        assertThat(((MedicationRequest) entry.getResource()).getSubject().getReference())
                .isEqualTo(bundle.getEntry().get(0).getFullUrl());
    }

    @Test
    void rdeMapsEveryFieldOfTheTable() throws MappingException {
        MedicationRequest request = request(mapFixture(RDE));

        Identifier placer = request.getIdentifierFirstRep();
        assertThat(request.getIdentifier()).hasSize(1);
        assertThat(placer.getSystem()).isEqualTo(KAPEHR);
        assertThat(placer.getValue()).isEqualTo("ORD-" + MRN);
        assertThat(placer.getType().getCodingFirstRep().getCode()).isEqualTo("PLAC");
        assertThat(request.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
        assertThat(request.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.ORDER);
        assertThat(request.getMedicationCodeableConcept().getCodingFirstRep())
                .extracting(Coding::getSystem, Coding::getCode)
                .containsExactly("http://www.nlm.nih.gov/research/umls/rxnorm", "238083");
        assertThat(request.getAuthoredOnElement().getValueAsString()).isEqualTo("2024-03-01T08:55:00-08:00");
        assertThat(request.getRequester().getType()).isEqualTo("Practitioner");
        assertThat(request.getRequester().getIdentifier().getSystem()).isEqualTo(NPI);
        assertThat(request.getRequester().getIdentifier().getValue()).isEqualTo("1234567890");
        assertThat(request.getRequester().getDisplay()).isEqualTo("AN NGUYEN");

        Dosage dosage = request.getDosageInstructionFirstRep();
        Quantity dose = dosage.getDoseAndRateFirstRep().getDoseQuantity();
        assertThat(dose.getValue()).isEqualByComparingTo("0.5");
        assertThat(dose.getSystem()).isEqualTo(UCUM);
        assertThat(dose.getCode()).isEqualTo("mg/kg");
        Quantity rate = dosage.getDoseAndRateFirstRep().getRateQuantity();
        assertThat(rate.getValue()).isEqualByComparingTo("40");
        assertThat(rate.getSystem()).isEqualTo(UCUM);
        assertThat(rate.getCode()).isEqualTo("mg/min");
        assertThat(dosage.getRoute().getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactlyInAnyOrder(
                tuple("http://snomed.info/sct", "47625008"),
                tuple("http://terminology.hl7.org/CodeSystem/v2-0162", "IV"));
        assertThat(dosage.getTiming().getCode().getText()).isEqualTo("QW");
        Period bounds = dosage.getTiming().getRepeat().getBoundsPeriod();
        assertThat(bounds.getStartElement().getValueAsString()).startsWith("2024-03-06");
        assertThat(bounds.getEndElement().getValueAsString()).startsWith("2024-04-11");
        assertThat(request.getDispenseRequest().getNumberOfRepeatsAllowed()).isZero();
    }

    @Test
    void ompMapsTheRxoFields() throws MappingException {
        Bundle bundle = mapFixture(OMP);
        MedicationRequest request = request(bundle);

        assertThat(bundle.getEntry().get(1).getRequest().getUrl())
                .isEqualTo("MedicationRequest?identifier=" + KAPEHR + "|ESK-" + MRN);
        assertThat(request.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("2201625");
        Quantity dose = request.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity();
        assertThat(dose.getValue()).isEqualByComparingTo("56");
        assertThat(dose.getSystem()).isEqualTo(UCUM);
        assertThat(dose.getCode()).isEqualTo("mg");
        assertThat(request.getDosageInstructionFirstRep().getDoseAndRateFirstRep().hasRate()).isFalse();
        assertThat(request.getDosageInstructionFirstRep().getRoute().getCoding()).extracting(Coding::getCode)
                .containsExactlyInAnyOrder("46713006", "NS");
        assertThat(request.getDosageInstructionFirstRep().hasTiming()).isFalse();
        assertThat(request.getRequester().getIdentifier().getValue()).isEqualTo("1234567890");
        assertThat(request.getAuthoredOnElement().getValueAsString()).isEqualTo("2024-03-01T08:55:00-08:00");
    }

    @ParameterizedTest(name = "ORC-1 {0}, ORC-5 {1} → {2}")
    @CsvSource(nullValues = "-", value = {
            "NW, -,  active",
            "XO, -,  active",
            "CA, -,  cancelled",
            "OC, -,  cancelled",
            "DC, -,  stopped",
            "HD, -,  on-hold",
            "NW, CM, completed",
            "NW, HD, on-hold",
            "NW, ER, entered-in-error",
            "CA, IP, active",
            // unknown ORC-5 falls back to ORC-1
            "DC, ZZ, stopped",
    })
    void statusFromOrderControlWithOrderStatusWinning(String control, String orderStatus, String status) throws MappingException {
        String orc = "ORC|" + control + "|ORD-" + MRN + "^KAPEHR|||" + (orderStatus == null ? "" : orderStatus)
                + "||||20240301085500-0800|||1234567890^NGUYEN^AN^^^^^^NPI&2.16.840.1.113883.4.6&ISO";

        assertThat(request(map(parseFixtureWith(RDE, "ORC|", orc))).getStatus().toCode()).isEqualTo(status);
    }

    @Test
    void fillerNumberIsTheKeyWhenThereIsNoPlacerNumber() throws MappingException {
        String orc = "ORC|NW||FIL-9^KAPPHARM||||||20240301085500-0800|||1234567890^NGUYEN^AN";

        Bundle bundle = map(parseFixtureWith(RDE, "ORC|", orc));

        MedicationRequest request = request(bundle);
        assertThat(request.getIdentifierFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("FILL");
        assertThat(bundle.getEntry().get(1).getRequest().getUrl())
                .isEqualTo("MedicationRequest?identifier=https://kaphub.org/fhir/sid/KAPPHARM|FIL-9");
    }

    @Test
    void orderNumberWithoutAuthorityIsScopedToTheSender() throws MappingException {
        String orc = "ORC|NW|ORD-7|||||||20240301085500-0800|||1234567890^NGUYEN^AN";

        assertThat(map(parseFixtureWith(RDE, "ORC|", orc)).getEntry().get(1).getRequest().getUrl())
                .isEqualTo("MedicationRequest?identifier=https://kaphub.org/fhir/sid/SOUTHCLINIC/placer-order|ORD-7");
    }

    @Test
    void doseRangeWhenMinimumAndMaximumDiffer() throws MappingException {
        String rxe = "RXE||238083^ketamine^RXNORM|0.5|0.75|mg/kg";

        Range range = request(map(parseFixtureWith(RDE, "RXE|", rxe))).getDosageInstructionFirstRep()
                .getDoseAndRateFirstRep().getDoseRange();

        assertThat(range.getLow().getValue()).isEqualByComparingTo("0.5");
        assertThat(range.getHigh().getValue()).isEqualByComparingTo("0.75");
        assertThat(range.getLow().getCode()).isEqualTo("mg/kg");
    }

    @Test
    void requesterFallsBackToRxe13() throws MappingException {
        String text = fixture(RDE)
                .replace("|||1234567890^NGUYEN^AN^^^^^^NPI&2.16.840.1.113883.4.6&ISO\n", "\n")
                .replaceFirst("RXE\\|.*", "RXE||238083^ketamine^RXNORM|0.5||mg/kg||||||||BN1234563^OKAFOR^ADA^^^^^^DEA");

        MedicationRequest request = request(map(parse(text.split("\n"))));

        assertThat(request.getRequester().getIdentifier().getValue()).isEqualTo("BN1234563");
        assertThat(request.getRequester().getIdentifier().getSystem()).isEqualTo("https://kaphub.org/fhir/sid/DEA");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // name; message; segment start; replacement; 0357 code; segment; field
            "RDE without ordering provider; rde-o11-ketamine.hl7; ORC|; ORC|NW|ORD-1^KAPEHR|||||||20240301085500-0800; 101; ORC; 12",
            "OMP without ordering provider; omp-o09-esketamine.hl7; ORC|; ORC|NW|ESK-1^KAPEHR;                         101; ORC; 12",
            "no order number;               rde-o11-ketamine.hl7; ORC|; ORC|NW||||||||20240301085500-0800|||1^NGUYEN;  101; ORC; 2",
            "RXE-2 give code missing;       rde-o11-ketamine.hl7; RXE|; RXE|||0.5||mg/kg;                             101; RXE; 2",
            "RXO-1 give code missing;       omp-o09-esketamine.hl7; RXO|; RXO||56||mg;                                 101; RXO; 1",
    })
    void contentErrorsNameTheField(String name, String fixture, String start, String segment, int code, String segmentId, int field) {
        MappingException e = mappingError(parseFixtureWith(fixture, start, segment));

        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getLocation()).isEqualTo(Locations.field(segmentId, 1, field));
    }

    @ParameterizedTest(name = "{0} without {2}")
    @CsvSource({
            "rde-o11-ketamine.hl7,   ORC|, ORC",
            "rde-o11-ketamine.hl7,   RXE|, RXE",
            "omp-o09-esketamine.hl7, RXO|, RXO",
    })
    void missingSegmentsAreSegmentErrors(String fixture, String start, String segmentId) {
        MappingException e = mappingError(parseFixtureWith(fixture, start, ""));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment(segmentId, 1));
    }

    private static MedicationRequest request(Bundle bundle) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(MedicationRequest.class::isInstance).map(MedicationRequest.class::cast)
                .findFirst().orElseThrow();
    }

    private static MappingException mappingError(ca.uhn.hl7v2.model.Message message) {
        MappingException e = catchThrowableOfType(() -> map(message), MappingException.class);
        assertThat(e).as("MappingException").isNotNull();
        return e;
    }
}
