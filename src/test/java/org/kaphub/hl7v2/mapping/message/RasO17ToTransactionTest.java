package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.vocabulary.KapCanonicals;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixtureWith;

/** RAS^O17 → MedicationAdministration (README "RAS^O17 → MedicationAdministration" is the specification). */
class RasO17ToTransactionTest {

    private static final String IV = "ras-o17-ketamine-iv.hl7";
    private static final String ESKETAMINE = "ras-o17-esketamine.hl7";
    private static final String SOUTHCLINIC = "https://kaphub.org/fhir/sid/SOUTHCLINIC";
    private static final String NPI = "urn:oid:2.16.840.1.113883.4.6";
    /** RXA of the IV fixture, field by field, so variants can change one field. */
    private static final String RXA_IV = "RXA|0|1|20240306092000-0800|20240306100000-0800"
            + "|238083^ketamine HCl 100 MG/ML Injectable Solution^RXNORM|35|mg^milligram^UCUM||^Session 3, 0.5 mg/kg over 40 min"
            + "|1234567890^NGUYEN^AN^^^^^^NPI&2.16.840.1.113883.4.6&ISO|||||LOT-K-2291~LOT-K-2292|||||CP|A";

    @Test
    void ivKetamineBecomesPatientAndOneConditionalPutOfTheAdministration() throws MappingException {
        Bundle bundle = mapFixture(IV);

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).hasSize(2);
        BundleEntryComponent patient = bundle.getEntry().get(0);
        assertThat(patient.getResource()).isInstanceOf(Patient.class);
        assertThat(patient.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        assertThat(patient.getRequest().getUrl()).isEqualTo("Patient");
        assertThat(patient.getRequest().getIfNoneExist()).isEqualTo("identifier=" + SOUTHCLINIC + "|" + MRN);

        BundleEntryComponent entry = bundle.getEntry().get(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        // ORC-3 filler order number + RXA-1 + RXA-2
        assertThat(entry.getRequest().getUrl()).isEqualTo(
                "MedicationAdministration?identifier=" + SOUTHCLINIC + "/administration|FIL-" + MRN + "-3-0-1");
        MedicationAdministration administration = (MedicationAdministration) entry.getResource();
        assertThat(administration.getSubject().getReference()).isEqualTo(patient.getFullUrl());
    }

    @Test
    void ivKetamineMapsEveryFieldOfTheTable() throws MappingException {
        MedicationAdministration administration = administration(mapFixture(IV));

        assertThat(administration.getIdentifierFirstRep().getSystem()).isEqualTo(SOUTHCLINIC + "/administration");
        assertThat(administration.getIdentifierFirstRep().getValue()).isEqualTo("FIL-" + MRN + "-3-0-1");
        assertThat(administration.getStatus()).isEqualTo(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        assertThat(administration.getMedicationCodeableConcept().getCodingFirstRep())
                .extracting(Coding::getSystem, Coding::getCode)
                .containsExactly("http://www.nlm.nih.gov/research/umls/rxnorm", "238083");
        assertThat(administration.getEffectivePeriod().getStartElement().getValueAsString())
                .isEqualTo("2024-03-06T09:20:00-08:00");
        assertThat(administration.getEffectivePeriod().getEndElement().getValueAsString())
                .isEqualTo("2024-03-06T10:00:00-08:00");

        MedicationAdministration.MedicationAdministrationDosageComponent dosage = administration.getDosage();
        assertThat(dosage.getDose().getValue()).isEqualByComparingTo("35");
        assertThat(dosage.getDose().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(dosage.getDose().getCode()).isEqualTo("mg");
        assertThat(dosage.getRoute().getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactlyInAnyOrder(
                tuple("http://snomed.info/sct", "47625008"),
                tuple("http://terminology.hl7.org/CodeSystem/v2-0162", "IV"));
        // no RXA-12: 35 mg over the 40 minutes from RXA-3 to RXA-4
        Quantity rate = dosage.getRateQuantity();
        assertThat(rate.getValue()).isEqualByComparingTo("0.875");
        assertThat(rate.getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(rate.getCode()).isEqualTo("mg/min");

        assertThat(administration.getExtensionsByUrl(KapCanonicals.MEDICATION_LOT))
                .extracting(e -> e.getValue().primitiveValue()).containsExactly("LOT-K-2291", "LOT-K-2292");
        assertThat(administration.getPerformerFirstRep().getActor().getIdentifier().getSystem()).isEqualTo(NPI);
        assertThat(administration.getPerformerFirstRep().getActor().getIdentifier().getValue()).isEqualTo("1234567890");
        assertThat(administration.getPerformerFirstRep().getActor().getType()).isEqualTo("Practitioner");
        assertThat(administration.getNoteFirstRep().getText()).isEqualTo("Session 3, 0.5 mg/kg over 40 min");
        // ORC-2 placer order → the RDE/OMP MedicationRequest, by identifier
        assertThat(administration.getRequest().getType()).isEqualTo("MedicationRequest");
        assertThat(administration.getRequest().getIdentifier().getSystem()).isEqualTo("https://kaphub.org/fhir/sid/KAPEHR");
        assertThat(administration.getRequest().getIdentifier().getValue()).isEqualTo("ORD-" + MRN);
    }

    @Test
    void esketamineNasalSprayHasNoRateAndKeysOnThePlacerNumberWithoutAFiller() throws MappingException {
        Bundle bundle = mapFixture(ESKETAMINE);
        MedicationAdministration administration = administration(bundle);

        assertThat(bundle.getEntry().get(1).getRequest().getUrl()).isEqualTo(
                "MedicationAdministration?identifier=" + SOUTHCLINIC + "/administration|ESK-" + MRN + "-0-1");
        assertThat(administration.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("2201625");
        assertThat(administration.getDosage().getDose().getValue()).isEqualByComparingTo("56");
        assertThat(administration.getDosage().getDose().getCode()).isEqualTo("mg");
        assertThat(administration.getDosage().getRoute().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .containsExactlyInAnyOrder(tuple("http://snomed.info/sct", "46713006"),
                        tuple("http://terminology.hl7.org/CodeSystem/v2-0162", "NS"));
        assertThat(administration.getDosage().hasRate()).isFalse();
        assertThat(administration.getExtensionsByUrl(KapCanonicals.MEDICATION_LOT))
                .extracting(Extension::getValue).extracting(v -> v.primitiveValue()).containsExactly("LOT-E-77");
        assertThat(administration.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-07T10:00:00-08:00");
        assertThat(administration.hasPerformer()).isFalse();
    }

    @ParameterizedTest(name = "RXA-20 {0}, RXA-21 {1} → {2}")
    @CsvSource(nullValues = "-", value = {
            "CP, A, completed",
            "PA, A, stopped",
            "RE, A, not-done",
            "NA, A, not-done",
            "- , A, completed",
            "CP, D, entered-in-error",
    })
    void statusFollowsCompletionStatusAndActionCode(String completion, String action, String status) throws MappingException {
        String rxa = RXA_IV.replace("|CP|A", "|" + (completion == null ? "" : completion) + "|" + action);

        MedicationAdministration administration = administration(map(parseFixtureWith(IV, "RXA|", rxa)));

        assertThat(administration.getStatus().toCode()).isEqualTo(status);
    }

    @Test
    void rateSentInRxa12WinsOverTheAverage() throws MappingException {
        String rxa = RXA_IV.replace("ISO|||||LOT", "ISO||0.5 mg/min|||LOT");

        Quantity rate = administration(map(parseFixtureWith(IV, "RXA|", rxa))).getDosage().getRateQuantity();

        assertThat(rate.getValue()).isEqualByComparingTo("0.5");
        assertThat(rate.getCode()).isEqualTo("mg/min");
    }

    @Test
    void ivWithRxa12RateNeedsNoEndTime() throws MappingException {
        String rxa = RXA_IV.replace("|20240306100000-0800|", "||").replace("ISO|||||LOT", "ISO||0.5 mg/kg/min|||LOT");

        MedicationAdministration administration = administration(map(parseFixtureWith(IV, "RXA|", rxa)));

        assertThat(administration.getEffectivePeriod().hasEnd()).isFalse();
        assertThat(administration.getDosage().getRateQuantity().getCode()).isEqualTo("mg/kg/min");
    }

    @Test
    void withoutAnOrderNumberTheKeyIsPatientStartAndCode() throws MappingException {
        Bundle bundle = map(parseFixtureWith(IV, "ORC|", "ORC|RE|||||CM"));
        MedicationAdministration administration = administration(bundle);

        assertThat(administration.getIdentifierFirstRep().getValue())
                .isEqualTo(MRN + "-2024-03-06T09:20:00-08:00-238083");
        assertThat(administration.hasRequest()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // name; RXA (or RXR) replacement; 0357 code; segment; field
            "RXA-5 missing;                RXA|0|1|20240306092000-0800|20240306100000-0800||35|mg^milligram^UCUM;  101; RXA; 5",
            "RXA-3 missing;                RXA|0|1||20240306100000-0800|238083^ketamine^RXNORM|35|mg;               101; RXA; 3",
            "IV without end time or rate;  RXA|0|1|20240306092000-0800||238083^ketamine^RXNORM|35|mg;               101; RXA; 4",
            "IV end time without minutes;  RXA|0|1|20240306092000-0800|20240306|238083^ketamine^RXNORM|35|mg;       101; RXA; 4",
            "IV end before start;          RXA|0|1|20240306092000-0800|20240306091000-0800|238083^ketamine^RXNORM|35|mg; 102; RXA; 4",
            "unit mL;                      RXA|0|1|20240306092000-0800|20240306100000-0800|238083^ketamine^RXNORM|35|mL; 103; RXA; 7",
            "unit mcg;                     RXA|0|1|20240306092000-0800|20240306100000-0800|238083^ketamine^RXNORM|35|ug^microgram^UCUM; 103; RXA; 7",
            "no unit;                      RXA|0|1|20240306092000-0800|20240306100000-0800|238083^ketamine^RXNORM|35;    103; RXA; 7",
            "RXA-6 missing;                RXA|0|1|20240306092000-0800|20240306100000-0800|238083^ketamine^RXNORM||mg;   101; RXA; 6",
            "RXA-6 not numeric;            RXA|0|1|20240306092000-0800|20240306100000-0800|238083^ketamine^RXNORM|lots|mg; 101; RXA; 6",
            "unknown completion status;    RXA|0|1|20240306092000-0800|20240306100000-0800|238083^ketamine^RXNORM|35|mg|||||||||||||ZZ; 103; RXA; 20",
            "route not KAP (transdermal);  RXR|TD^Transdermal^HL70162;                                              103; RXR; 1",
            "RXR-1 empty;                  RXR||ARM^Arm^HL70163;                                                    101; RXR; 1",
    })
    void contentErrorsNameTheFieldAndTheTable0357Code(String name, String segment, int code, String segmentId, int field) {
        MappingException e = mappingError(parseFixtureWith(IV, segment.substring(0, 4), segment));

        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getLocation()).isEqualTo(Locations.field(segmentId, 1, field));
    }

    @Test
    void missingRxrIsASegmentError() {
        MappingException e = mappingError(parseFixtureWith(IV, "RXR|", ""));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("RXR", 1));
    }

    @Test
    void missingRxaAndMissingOrcAreSegmentErrors() {
        MappingException noRxa = mappingError(parseFixtureWith(IV, "RXA|", ""));
        MappingException noOrc = mappingError(parseFixtureWith(IV, "ORC|", ""));

        assertThat(noRxa.getErrorCode()).isEqualTo(100);
        assertThat(noRxa.getLocation()).isEqualTo(Locations.segment("RXA", 1));
        assertThat(noOrc.getErrorCode()).isEqualTo(100);
        assertThat(noOrc.getLocation()).isEqualTo(Locations.segment("ORC", 1));
    }

    @ParameterizedTest(name = "esketamine {0} mg → AE {2} at {1}")
    @CsvSource({
            "50, RXA-6, 207",
            "28, -, 0",
            "84, -, 0",
    })
    void esketamineDoseMustBe28Or56Or84Mg(String dose, String at, int code) throws MappingException {
        String rxa = "RXA|0|1|20240307100000-0800|20240307101000-0800|2201625^esketamine 28 MG Nasal Spray [Spravato]^RXNORM|"
                + dose + "|mg^milligram^UCUM||||||||LOT-E-77|||||CP";
        if (code == 0) {
            assertThat(administration(map(parseFixtureWith(ESKETAMINE, "RXA|", rxa))).getDosage().getDose().getValue())
                    .isEqualByComparingTo(new BigDecimal(dose));
            return;
        }
        MappingException e = mappingError(parseFixtureWith(ESKETAMINE, "RXA|", rxa));

        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getLocation()).isEqualTo(Locations.field("RXA", 1, 6));
    }

    @Test
    void esketamineMustBeNasal() {
        MappingException e = mappingError(parseFixtureWith(ESKETAMINE, "RXR|", "RXR|PO^Oral^HL70162"));

        assertThat(e.getErrorCode()).isEqualTo(103);
        assertThat(e.getLocation()).isEqualTo(Locations.field("RXR", 1, 1));
    }

    @Test
    void esketamineInMgPerKgIsRefused() {
        String rxa = "RXA|0|1|20240307100000-0800|20240307101000-0800|2201625^esketamine^RXNORM|56|mg/kg||||||||LOT-E-77|||||CP";

        MappingException e = mappingError(parseFixtureWith(ESKETAMINE, "RXA|", rxa));

        assertThat(e.getErrorCode()).isEqualTo(207);
        assertThat(e.getLocation()).isEqualTo(Locations.field("RXA", 1, 6));
    }

    @Test
    void twoGivesOfOneOrderBecomeTwoAdministrationsEachWithItsOwnRoute() throws MappingException {
        Bundle bundle = map(org.kaphub.hl7v2.Hl7v2Fixtures.parse(
                "MSH|^~\\&|KAPEHR|SOUTHCLINIC|KAPHUB|KAP|20240306103000-0800||RAS^O17^RAS_O17|C-2|P|2.5.1",
                "PID|1||" + MRN + "^^^SOUTHCLINIC^MR||HALVORSEN^INGRID",
                "ORC|RE|ORD-1^KAPEHR|FIL-1^KAPPHARM||CM",
                "RXA|0|1|20240306092000-0800|20240306093000-0800|238083^ketamine^RXNORM|10|mg",
                "RXR|IM^Intramuscular^HL70162",
                "RXA|0|2|20240306093000-0800|20240306100000-0800|238083^ketamine^RXNORM|30|mg",
                "RXR|IV^Intravenous^HL70162"));

        assertThat(bundle.getEntry()).hasSize(3);
        MedicationAdministration first = (MedicationAdministration) bundle.getEntry().get(1).getResource();
        MedicationAdministration second = (MedicationAdministration) bundle.getEntry().get(2).getResource();
        assertThat(first.getIdentifierFirstRep().getValue()).isEqualTo("FIL-1-0-1");
        assertThat(second.getIdentifierFirstRep().getValue()).isEqualTo("FIL-1-0-2");
        assertThat(first.getDosage().getRoute().getCoding()).extracting(Coding::getCode).contains("IM", "78421000");
        assertThat(first.getDosage().hasRate()).isFalse();
        assertThat(second.getDosage().getRoute().getCoding()).extracting(Coding::getCode).contains("IV", "47625008");
        assertThat(second.getDosage().getRateQuantity().getValue()).isEqualByComparingTo("1"); // 30 mg / 30 min
    }

    private static MedicationAdministration administration(Bundle bundle) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(MedicationAdministration.class::isInstance).map(MedicationAdministration.class::cast)
                .findFirst().orElseThrow();
    }

    private static MappingException mappingError(ca.uhn.hl7v2.model.Message message) {
        MappingException e = catchThrowableOfType(() -> map(message), MappingException.class);
        assertThat(e).as("MappingException").isNotNull();
        return e;
    }
}
