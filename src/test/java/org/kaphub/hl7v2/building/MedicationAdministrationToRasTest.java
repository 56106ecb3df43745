package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaphub.hl7v2.building.message.MessageBuilders;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MedicationAdministrationToRasTest {

    static final String NPI = "urn:oid:2.16.840.1.113883.4.6";
    static final String CLINIC_SID = "https://maple.example/fhir/sid/";

    /** A ketamine IV session as KAP Hub stores one, in the shape the inbound side makes (route codings, units). */
    static MedicationAdministration ketamineIv() {
        MedicationAdministration administration = new MedicationAdministration();
        administration.setId("ma-3");
        administration.addIdentifier().setSystem(CLINIC_SID + "administration").setValue("ADM-3");
        administration.setStatus(MedicationAdministrationStatus.COMPLETED);
        administration.setMedication(new CodeableConcept(new Coding(CodeSystems.RXNORM, "238083", null))
                .setText("ketamine HCl 100 MG/ML Injectable Solution"));
        administration.setEffective(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2024-03-06T09:20:00-08:00"))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2024-03-06T10:00:00-08:00")));
        administration.getDosage().setRoute(route("47625008", "Intravenous route", "IV", "Intravenous"));
        administration.getDosage().setDose(ucum(new SimpleQuantity(), "35", "mg"));
        administration.getDosage().setRate(ucum(new Quantity(), "0.875", "mg/min"));
        administration.addExtension(KapCanonicals.MEDICATION_LOT, new StringType("LOT-K-2291"));
        administration.addExtension(KapCanonicals.MEDICATION_LOT, new StringType("LOT-K-2292"));
        administration.addPerformer().setActor(new Reference().setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(NPI).setValue("1234567890")).setDisplay("AN NGUYEN"));
        administration.addNote().setText("Session 3, 0.5 mg/kg over 40 min");
        administration.setRequest(new Reference().setType("MedicationRequest")
                .setIdentifier(new Identifier().setSystem(CLINIC_SID + "placer-order").setValue("ORD-1")));
        return administration;
    }

    static CodeableConcept route(String snomed, String snomedDisplay, String v2, String text) {
        CodeableConcept route = new CodeableConcept();
        route.addCoding().setSystem(CodeSystems.SNOMED_CT).setCode(snomed).setDisplay(snomedDisplay);
        if (v2 != null) {
            route.addCoding().setSystem(CodeSystems.V2_0162).setCode(v2);
        }
        return route.setText(text);
    }

    static <Q extends Quantity> Q ucum(Q quantity, String value, String code) {
        quantity.setValue(new BigDecimal(value)).setUnit(code).setSystem(CodeSystems.UCUM).setCode(code);
        return quantity;
    }

    static Message build(Resource resource, String version, Resource... known) throws BuildException {
        Outbound outbound = new Outbound(resource, List.of(), PatientToAdtTest.patient(), true,
                PatientToAdtTest.receiver(version), "KH-43", Instant.parse("2026-11-30T10:00:00Z"),
                reference -> List.of(known).stream()
                        .filter(r -> reference.equals(r.fhirType() + "/" + r.getIdElement().getIdPart()))
                        .findFirst().map(Resource.class::cast));
        return MessageBuilders.standard().find(resource).orElseThrow().build(outbound);
    }

    static MedicationAdministration back(Message message) throws Exception {
        List<MedicationAdministration> back = RoundTrip.resources(RoundTrip.mapped(message), MedicationAdministration.class);
        assertThat(back).hasSize(1);
        return back.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void anAdministrationComesBackFromTheInboundMapperAsItWent(String version) throws Exception {
        MedicationAdministration sent = ketamineIv();

        MedicationAdministration back = back(build(sent, version));

        assertThat(back.getStatus()).isEqualTo(MedicationAdministrationStatus.COMPLETED);
        assertThat(back.getMedication().equalsDeep(sent.getMedication())).as("medication").isTrue();
        assertThat(back.getEffective().equalsDeep(sent.getEffective())).as("effective period").isTrue();
        assertThat(back.getDosage().getDose().equalsDeep(sent.getDosage().getDose())).as("dose").isTrue();
        assertThat(back.getDosage().getRate().equalsDeep(sent.getDosage().getRate())).as("rate").isTrue();
        assertThat(back.getDosage().getRoute().equalsDeep(sent.getDosage().getRoute())).as("route").isTrue();
        assertThat(back.getExtensionsByUrl(KapCanonicals.MEDICATION_LOT)).extracting(e -> e.getValue().primitiveValue())
                .containsExactly("LOT-K-2291", "LOT-K-2292");
        assertThat(back.getPerformerFirstRep().getActor().equalsDeep(sent.getPerformerFirstRep().getActor())).as("performer").isTrue();
        assertThat(back.getNoteFirstRep().getText()).isEqualTo(sent.getNoteFirstRep().getText());
        assertThat(back.getRequest().equalsDeep(sent.getRequest())).as("request").isTrue();
        // The receiver keys the administration in its sender's scope (MSH-4 KAP): ORC-3 + RXA-1 + RXA-2.
        assertThat(back.getIdentifierFirstRep().getSystem()).isEqualTo("https://kaphub.org/fhir/sid/KAP/administration");
        assertThat(back.getIdentifierFirstRep().getValue()).isEqualTo("ADM-3-0-1");
    }

    @Test
    void sessionsOfOneOrderStayDistinctAtTheReceiver() throws Exception {
        MedicationAdministration third = ketamineIv();
        MedicationAdministration fourth = ketamineIv();
        fourth.getIdentifierFirstRep().setValue("ADM-4");

        assertThat(back(build(third, "2.5.1")).getIdentifierFirstRep().getValue())
                .isNotEqualTo(back(build(fourth, "2.5.1")).getIdentifierFirstRep().getValue());
        assertThat(back(build(third, "2.5.1")).getIdentifierFirstRep().getValue())
                .isEqualTo(back(build(ketamineIv(), "2.5.1")).getIdentifierFirstRep().getValue());
    }

    @Test
    void esketamineGoesNasalAndPassesTheReceiversRules() throws Exception {
        MedicationAdministration esketamine = ketamineIv();
        esketamine.setMedication(new CodeableConcept(new Coding(CodeSystems.RXNORM, "2201625", null)));
        esketamine.getDosage().setRoute(route("46713006", "Nasal route", null, null)); // SNOMED only: NS is derived
        esketamine.getDosage().setDose(ucum(new SimpleQuantity(), "56", "mg"));
        esketamine.getDosage().setRate(null);

        MedicationAdministration back = back(build(esketamine, "2.5.1"));

        assertThat(back.getDosage().getRoute().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CodeSystems.SNOMED_CT, "46713006"),
                        org.assertj.core.groups.Tuple.tuple(CodeSystems.V2_0162, "NS"));
        assertThat(back.getDosage().getDose().equalsDeep(esketamine.getDosage().getDose())).isTrue();
        assertThat(back.getMedication().equalsDeep(esketamine.getMedication())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = MedicationAdministrationStatus.class, names = {"COMPLETED", "STOPPED", "NOTDONE", "ENTEREDINERROR"})
    void everyStatusTheReceiverKnowsComesBack(MedicationAdministrationStatus status) throws Exception {
        MedicationAdministration sent = ketamineIv();
        sent.setStatus(status);

        assertThat(back(build(sent, "2.5.1")).getStatus()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void theMessageConformsToTheReceiversVersion(String version) throws Exception {
        Message strict = RoundTrip.strictlyParsed(build(ketamineIv(), version));

        assertThat(strict.getVersion()).isEqualTo(version);
        assertThat(strict.getName()).isEqualTo("2.3".equals(version) ? "RAS_O01" : "RAS_O17");
        assertThat(RoundTrip.encode(strict)).contains("2.3".equals(version) ? "|RAS^O01|KH-43|" : "|RAS^O17^RAS_O17|KH-43|");
    }

    @Test
    void theOrderNumberComesFromTheMedicationRequestWhenOnlyReferenced() throws Exception {
        MedicationRequest order = new MedicationRequest();
        order.setId("mr-1");
        order.addIdentifier().setSystem(CLINIC_SID + "filler-order").setValue("FIL-1").getType()
                .addCoding(new Coding(CodeSystems.V2_0203, "FILL", null));
        order.addIdentifier().setSystem(CLINIC_SID + "placer-order").setValue("ORD-9").getType()
                .addCoding(new Coding(CodeSystems.V2_0203, "PLAC", null));
        MedicationAdministration sent = ketamineIv();
        sent.setRequest(new Reference("MedicationRequest/mr-1"));
        sent.getIdentifier().clear(); // and the administration goes by its id

        Message message = build(sent, "2.5.1", order);
        MedicationAdministration back = back(message);

        assertThat(back.getRequest().getIdentifier().getSystem()).isEqualTo(CLINIC_SID + "placer-order");
        assertThat(back.getRequest().getIdentifier().getValue()).isEqualTo("ORD-9");
        assertThat(RoundTrip.encode(message)).contains("\rORC|RE|ORD-9^^" + CLINIC_SID + "placer-order^URI|ma-3^KAPHUB\r");
    }

    @Test
    void anAdministrationWithoutDoseIsNotSent() {
        MedicationAdministration sent = ketamineIv();
        sent.getDosage().setDose(null);

        assertThatThrownBy(() -> build(sent, "2.5.1")).isInstanceOf(BuildException.class).hasMessageContaining("RXA-6");
    }

    @Test
    void anAdministrationStillInProgressIsNotSent() {
        MedicationAdministration sent = ketamineIv();
        sent.setStatus(MedicationAdministrationStatus.INPROGRESS);

        assertThatThrownBy(() -> build(sent, "2.5.1")).isInstanceOf(BuildException.class).hasMessageContaining("RXA-20");
    }

    @Test
    void aRouteWithoutTable0162CodeIsNotSent() {
        MedicationAdministration sent = ketamineIv();
        sent.getDosage().setRoute(route("34206005", null, null, "Subcutaneous")); // no KAP route

        assertThatThrownBy(() -> build(sent, "2.5.1")).isInstanceOf(BuildException.class).hasMessageContaining("RXR-1");
    }
}
