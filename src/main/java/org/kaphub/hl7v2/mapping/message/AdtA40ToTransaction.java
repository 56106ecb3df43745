package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.v28.datatype.CX;
import ca.uhn.hl7v2.model.v28.segment.MRG;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.Transaction;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CxToIdentifier;
import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ADT^A40 (merge patient, patient identifier list) → for each PID/MRG pair: the surviving Patient (PID) is upserted,
 * and the prior Patient (MRG-1) is patched — {@code active = false} and {@code link} replaced-by → the survivor —
 * the way FHIR records a merge (Patient.link). Nothing is deleted: records that still point at the prior Patient
 * remain reachable through the link. A prior patient KAP Hub has never received fails the merge (AE): there is
 * nothing to merge, and creating it just to retire it would invent a record.
 */
public final class AdtA40ToTransaction implements MessageMapper {

    @Override
    public Set<String> messageTypes() {
        return Set.of("ADT^A40");
    }

    @Override
    public Bundle map(V2Message message, MappingContext context) throws MappingException {
        Transaction tx = new Transaction();
        List<V2Message.Seg> pids = message.all("PID");
        List<V2Message.Seg> mrgs = message.all("MRG");
        if (mrgs.isEmpty()) {
            throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, ErrorLocation.segment("MRG", 1), "MRG segment missing");
        }
        for (int i = 0; i < pids.size(); i++) {
            Reference survivor = PatientEntries.upsert(pids.get(i), context, tx);
            if (i >= mrgs.size()) {
                throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, ErrorLocation.segment("MRG", i + 1),
                        "MRG segment missing for PID " + (i + 1));
            }
            V2Message.Seg mrg = mrgs.get(i);
            tx.patch("Patient", prior(mrg, context), retire(survivor));
        }
        return tx.bundle();
    }

    private static List<Identifier> prior(V2Message.Seg mrg, MappingContext context) throws MappingException {
        ErrorLocation field = mrg.at(1);
        CX[] reps = ((MRG) mrg.segment()).getMrg1_PriorPatientIdentifierList();
        List<Identifier> identifiers = new ArrayList<>();
        // a bare prior MRN is the sending facility's, exactly like a bare PID-3
        IdentifierSystems systems = PatientEntries.systems(mrg, context);
        for (int r = 0; r < reps.length; r++) {
            if (!CxToIdentifier.isEmpty(reps[r])) {
                identifiers.add(CxToIdentifier.map(reps[r], systems, field.atRepetition(r + 1)));
            }
        }
        if (identifiers.isEmpty()) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, field, "MRG-1 prior patient identifier list is empty");
        }
        return PatientEntries.matchKeys(identifiers, systems);
    }

    /** FHIRPath Patch: active = false; add link {other = survivor, type = replaced-by}. */
    private static Parameters retire(Reference survivor) {
        Parameters patch = new Parameters();
        Parameters.ParametersParameterComponent active = patch.addParameter().setName("operation");
        // "add" on a single-valued element sets it whether or not it is present ("replace" fails when absent).
        active.addPart().setName("type").setValue(new CodeType("add"));
        active.addPart().setName("path").setValue(new StringType("Patient"));
        active.addPart().setName("name").setValue(new StringType("active"));
        active.addPart().setName("value").setValue(new BooleanType(false));
        Parameters.ParametersParameterComponent link = patch.addParameter().setName("operation");
        link.addPart().setName("type").setValue(new CodeType("add"));
        link.addPart().setName("path").setValue(new StringType("Patient"));
        link.addPart().setName("name").setValue(new StringType("link"));
        Parameters.ParametersParameterComponent value = link.addPart().setName("value");
        value.addPart().setName("other").setValue(survivor.copy());
        value.addPart().setName("type").setValue(new CodeType("replaced-by"));
        return patch;
    }
}
