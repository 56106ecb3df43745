package org.kaphub.hl7v2.mapping.segment;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;
import org.kaphub.vocabulary.CodeSystems;

import java.util.Optional;

/**
 * PV1 → Encounter (v2-to-FHIR segment map PV1[Encounter]), only when PV1-19 (visit number) identifies the visit: an
 * Encounter without a business identifier could not be matched on the next A08, and every update would add one.
 *
 * <table>
 * <tr><th>v2</th><th>FHIR</th></tr>
 * <tr><td>PV1-19 visit number (CX)</td><td>identifier (type VN), the conditional-update key</td></tr>
 * <tr><td>PV1-2 patient class (0004)</td><td>class (v3 ActCode via code table encounter-class; unmapped codes kept as v2-0004)</td></tr>
 * <tr><td>PV1-44 / PV1-45</td><td>period.start / period.end</td></tr>
 * <tr><td>event, PV1-45</td><td>status: finished when discharged, A04 arrived, else in-progress</td></tr>
 * </table>
 */
public final class Pv1ToEncounter {

    private Pv1ToEncounter() {
    }

    public static Optional<Encounter> map(V2Message.Seg pv1, String event, Reference patient, IdentifierSystems systems,
                                          String senderScope) throws MappingException {
        String visit = pv1.get(19, 1);
        if (visit == null) {
            return Optional.empty();
        }
        Encounter encounter = new Encounter();
        String namespace = V2Fields.get(pv1.segment(), 19, 0, 4, 1);
        String universalId = V2Fields.get(pv1.segment(), 19, 0, 4, 2);
        String universalIdType = V2Fields.get(pv1.segment(), 19, 0, 4, 3);
        Identifier identifier = new Identifier().setValue(visit).setSystem(namespace == null && universalId == null
                ? systems.scopedSystem(senderScope, "visit")
                : systems.systemFor(namespace, universalId, universalIdType, "visit"));
        identifier.getType().addCoding().setSystem(CodeSystems.V2_0203).setCode("VN");
        encounter.addIdentifier(identifier);
        String patientClass = pv1.get(2, 1);
        if (patientClass != null) {
            encounter.setClass_(CodeTables.code("encounter-class", patientClass)
                    .map(code -> new Coding(CodeSystems.V3_ACT_CODE, code, null))
                    .orElse(new Coding(CodeSystems.V2_0004, patientClass, null)));
        } else {
            encounter.setClass_(new Coding(CodeSystems.V3_ACT_CODE, "AMB", "ambulatory"));
        }
        DateTimeType start = DtmToFhir.toDateTime(pv1.get(44, 1), pv1.at(44), pv1.senderZone());
        DateTimeType end = DtmToFhir.toDateTime(pv1.get(45, 1), pv1.at(45), pv1.senderZone());
        if (start != null) {
            encounter.getPeriod().setStartElement(start);
        }
        if (end != null) {
            encounter.getPeriod().setEndElement(end);
        }
        encounter.setStatus(end != null ? Encounter.EncounterStatus.FINISHED
                : "A04".equals(event) ? Encounter.EncounterStatus.ARRIVED : Encounter.EncounterStatus.INPROGRESS);
        encounter.setSubject(patient);
        return Optional.of(encounter);
    }
}
