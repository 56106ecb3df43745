package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaphub.vocabulary.CodeSystems;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kaphub.hl7v2.building.MedicationAdministrationToRasTest.CLINIC_SID;
import static org.kaphub.hl7v2.building.MedicationAdministrationToRasTest.NPI;
import static org.kaphub.hl7v2.building.MedicationAdministrationToRasTest.build;
import static org.kaphub.hl7v2.building.MedicationAdministrationToRasTest.route;
import static org.kaphub.hl7v2.building.MedicationAdministrationToRasTest.ucum;

class MedicationRequestToRdeTest {

    /** A weekly IV ketamine order as KAP Hub stores one, in the shape the inbound side makes. */
    static MedicationRequest ketamineIvOrder() {
        MedicationRequest request = new MedicationRequest();
        request.setId("mr-1");
        Identifier placer = request.addIdentifier().setSystem(CLINIC_SID + "placer-order").setValue("ORD-1");
        placer.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode("PLAC");
        Identifier filler = request.addIdentifier().setSystem(CLINIC_SID + "filler-order").setValue("FIL-1");
        filler.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode("FILL");
        request.setStatus(MedicationRequestStatus.ACTIVE);
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        request.setMedication(new CodeableConcept(new Coding(CodeSystems.RXNORM, "238083", null))
                .setText("ketamine HCl 100 MG/ML Injectable Solution"));
        request.setAuthoredOnElement(new DateTimeType("2024-03-01T08:55:00-08:00"));
        request.setRequester(new Reference().setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(NPI).setValue("1234567890")).setDisplay("AN NGUYEN"));
        Dosage dosage = request.addDosageInstruction();
        dosage.setText("0.5 mg/kg over 40 min");
        dosage.setRoute(route("47625008", "Intravenous route", "IV", "Intravenous"));
        dosage.addDoseAndRate().setDose(ucum(new SimpleQuantity(), "0.5", "mg/kg"))
                .setRate(ucum(new Quantity(), "40", "mg/min"));
        dosage.getTiming().getCode().setText("QW");
        dosage.getTiming().getRepeat().setBounds(new Period().setStartElement(new DateTimeType("2024-03-06"))
                .setEndElement(new DateTimeType("2024-04-11")));
        request.getDispenseRequest().setQuantity(ucum(new SimpleQuantity(), "10", "mL"));
        request.getDispenseRequest().setNumberOfRepeatsAllowed(2);
        return request;
    }

    static MedicationRequest back(Message message) throws Exception {
        List<MedicationRequest> back = RoundTrip.resources(RoundTrip.mapped(message), MedicationRequest.class);
        assertThat(back).hasSize(1);
        return back.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void anOrderComesBackFromTheInboundMapperAsItWent(String version) throws Exception {
        MedicationRequest sent = ketamineIvOrder();

        MedicationRequest back = back(build(sent, version));

        assertThat(back.getIdentifier()).hasSize(2);
        assertThat(back.getIdentifier().get(0).equalsDeep(sent.getIdentifier().get(0))).as("placer").isTrue();
        assertThat(back.getIdentifier().get(1).equalsDeep(sent.getIdentifier().get(1))).as("filler").isTrue();
        assertThat(back.getStatus()).isEqualTo(MedicationRequestStatus.ACTIVE);
        assertThat(back.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.ORDER);
        assertThat(back.getMedication().equalsDeep(sent.getMedication())).as("medication").isTrue();
        assertThat(back.getAuthoredOnElement().equalsDeep(sent.getAuthoredOnElement())).as("authoredOn").isTrue();
        assertThat(back.getRequester().equalsDeep(sent.getRequester())).as("requester").isTrue();
        Dosage sentDosage = sent.getDosageInstructionFirstRep();
        Dosage backDosage = back.getDosageInstructionFirstRep();
        assertThat(backDosage.getText()).isEqualTo(sentDosage.getText());
        assertThat(backDosage.getRoute().equalsDeep(sentDosage.getRoute())).as("route").isTrue();
        assertThat(backDosage.getDoseAndRateFirstRep().getDose().equalsDeep(sentDosage.getDoseAndRateFirstRep().getDose())).as("dose").isTrue();
        assertThat(backDosage.getDoseAndRateFirstRep().getRate().equalsDeep(sentDosage.getDoseAndRateFirstRep().getRate())).as("rate").isTrue();
        if (List.of("2.3", "2.4").contains(version)) {
            assertThat(backDosage.hasTiming()).as("no TQ1 before v2.5: the timing does not travel").isFalse();
        } else {
            assertThat(backDosage.getTiming().equalsDeep(sentDosage.getTiming())).as("timing").isTrue();
        }
        assertThat(back.getDispenseRequest().equalsDeep(sent.getDispenseRequest())).as("dispense").isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = MedicationRequestStatus.class, names = {"ACTIVE", "ONHOLD", "CANCELLED", "STOPPED", "COMPLETED", "ENTEREDINERROR"})
    void everyOrderStatusComesBack(MedicationRequestStatus status) throws Exception {
        MedicationRequest sent = ketamineIvOrder();
        sent.setStatus(status);

        assertThat(back(build(sent, "2.5.1")).getStatus()).isEqualTo(status);
    }

    @Test
    void anEsketamineDoseRangeComesBackAsARange() throws Exception {
        MedicationRequest sent = ketamineIvOrder();
        sent.setMedication(new CodeableConcept(new Coding(CodeSystems.RXNORM, "2201625", null)));
        Dosage dosage = sent.getDosageInstructionFirstRep();
        dosage.setRoute(route("46713006", "Nasal route", "NS", null));
        dosage.getDoseAndRate().clear();
        dosage.addDoseAndRate().setDose(new Range().setLow(ucum(new SimpleQuantity(), "56", "mg"))
                .setHigh(ucum(new SimpleQuantity(), "84", "mg")));

        Dosage back = back(build(sent, "2.8")).getDosageInstructionFirstRep();

        assertThat(back.getDoseAndRateFirstRep().getDose().equalsDeep(dosage.getDoseAndRateFirstRep().getDose())).isTrue();
        assertThat(back.getRoute().equalsDeep(dosage.getRoute())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void theMessageConformsToTheReceiversVersion(String version) throws Exception {
        Message strict = RoundTrip.strictlyParsed(build(ketamineIvOrder(), version));

        assertThat(strict.getVersion()).isEqualTo(version);
        assertThat(strict.getName()).isEqualTo("2.3".equals(version) ? "RDE_O01" : "RDE_O11");
        String er7 = RoundTrip.encode(strict);
        assertThat(er7).contains("2.3".equals(version) ? "|RDE^O01|KH-43|" : "|RDE^O11^RDE_O11|KH-43|");
        assertThat(er7.contains("\rTQ1|")).isEqualTo(!List.of("2.3", "2.4").contains(version));
    }

    @Test
    void anOrderWithoutRequesterIsNotSent() {
        MedicationRequest sent = ketamineIvOrder();
        sent.setRequester(null);

        assertThatThrownBy(() -> build(sent, "2.5.1")).isInstanceOf(BuildException.class).hasMessageContaining("ORC-12");
    }

    @Test
    void anOrderWithTwoDosageInstructionsIsNotSent() {
        MedicationRequest sent = ketamineIvOrder();
        sent.addDosageInstruction().setText("taper");

        assertThatThrownBy(() -> build(sent, "2.5.1")).isInstanceOf(BuildException.class).hasMessageContaining("dosageInstruction");
    }

    @Test
    void aDraftIsNotSent() {
        MedicationRequest sent = ketamineIvOrder();
        sent.setStatus(MedicationRequestStatus.DRAFT);

        assertThatThrownBy(() -> build(sent, "2.5.1")).isInstanceOf(BuildException.class).hasMessageContaining("ORC-1");
    }
}
