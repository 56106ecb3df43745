package org.kaphub.hl7v2.mapping;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Date;
import java.util.UUID;

/**
 * Adds to a message's transaction one Provenance for everything it writes: target = every resource entry (by its
 * urn:uuid fullUrl, which the server resolves to the created or updated version), entity = the journal entry holding
 * the raw message (identifier {@value KapCanonicals#MESSAGE_JOURNAL_SID}|id), agent = the sending application/facility, activity = the
 * v2 trigger event (table 0003), recorded = now.
 */
public final class JournalProvenance {

    private JournalProvenance() {
    }

    public static void add(Bundle transaction, long journalId, String messageType, String event, String sender) {
        Provenance provenance = new Provenance();
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PATCH) {
                provenance.addTarget(new Reference(entry.getFullUrl()));
            }
        }
        provenance.setRecorded(new Date());
        if (event != null) {
            provenance.setActivity(new CodeableConcept(new Coding(CodeSystems.V2_0003, event, null)).setText("HL7 v2 " + messageType));
        }
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, "author", "Author")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(KapCanonicals.HL7V2_SENDER_SID).setValue(sender))
                        .setDisplay("HL7 v2 sender"));
        provenance.addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(KapCanonicals.MESSAGE_JOURNAL_SID)
                        .setValue(Long.toString(journalId))).setDisplay("HL7 v2 " + messageType + " message, journal entry " + journalId));
        transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(provenance)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
    }
}
