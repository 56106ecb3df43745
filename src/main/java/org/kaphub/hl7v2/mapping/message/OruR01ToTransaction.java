package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.segment.ObxToObservation;
import org.kaphub.hl7v2.mapping.segment.ObxToQuestionnaireResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ORU^R01 (observation result) → per OBR group (v2-to-FHIR message map ORU_R01, OBX[Observation]):
 * <ul>
 * <li>OBR-4 is a KAP rating-scale panel (PHQ-9 44249-1, GAD-7 69737-5, … — the Questionnaires' codes): its OBX items
 *     become one QuestionnaireResponse; the server derives the score Observation from it. A panel whose only OBX is
 *     its total (44261-6, …) becomes that KAP score Observation directly, with no QuestionnaireResponse.</li>
 * <li>otherwise each OBX becomes an Observation: vital signs as KAP vital-sign profiles (8480-6 + 8462-4 of the same
 *     group and time → one blood-pressure panel 85354-9), a scale total (44261-6, 70274-6, …) as a KAP score
 *     Observation, anything else as a plain Observation.</li>
 * </ul>
 */
public final class OruR01ToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("ORU^R01");
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        Transaction tx = new Transaction();
        Reference patient = PatientEntries.ensure(message, context, tx);
        Identifier patientKey = PatientEntries.key(message, context);
        List<Group> groups = groups(message);
        int written = 0;
        for (Group group : groups) {
            Optional<Instruments.Instrument> panel = group.obr() == null ? Optional.empty()
                    : context.instruments().byPanelCode(group.obr().get(4, 1));
            if (panel.isPresent() && !onlyTotal(group, panel.get(), context)) {
                QuestionnaireResponse response = ObxToQuestionnaireResponse.map(message, group.obr(), group.obxs(),
                        panel.get(), patient, patientKey, context.systems());
                tx.upsert(response, response.getIdentifier());
                written++;
            } else {
                for (Observation observation : ObxToObservation.map(message, group.orc(), group.obr(), group.obxs(),
                        patient, patientKey, context)) {
                    tx.upsert(observation, observation.getIdentifierFirstRep());
                    written++;
                }
            }
        }
        if (written == 0) {
            throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, Locations.segment("OBX", 1),
                    "ORU^R01 carries no OBX observation");
        }
        return tx.bundle();
    }

    /**
     * A panel sent as its total alone (the clinic keeps the answers): a score Observation, not a QuestionnaireResponse
     * with every item missing — the answers are not invented.
     */
    private static boolean onlyTotal(Group group, Instruments.Instrument panel, MappingContext context) {
        return !group.obxs().isEmpty() && group.obxs().stream().allMatch(obx -> context.instruments().total(obx.get(3, 1))
                .filter(total -> total.instrument().panelCode().equals(panel.panelCode())).isPresent());
    }

    /** OBR opens an order group; OBX and NTE up to the next OBR belong to it (ORC, when present, precedes its OBR). */
    private static List<Group> groups(V2Message message) {
        List<Group> groups = new ArrayList<>();
        V2Message.Seg orc = null;
        Group current = null;
        for (V2Message.Seg seg : message.segments()) {
            switch (seg.name()) {
                case "ORC" -> orc = seg;
                case "OBR" -> {
                    current = new Group(orc, seg, new ArrayList<>());
                    groups.add(current);
                }
                case "OBX" -> {
                    if (current == null) {
                        current = new Group(orc, null, new ArrayList<>());
                        groups.add(current);
                    }
                    current.obxs().add(seg);
                }
                default -> {
                    // PID, PV1, NTE, SPM, Z-segments: not part of the observation map
                }
            }
        }
        return groups;
    }

    private record Group(V2Message.Seg orc, V2Message.Seg obr, List<V2Message.Seg> obxs) {
    }
}
