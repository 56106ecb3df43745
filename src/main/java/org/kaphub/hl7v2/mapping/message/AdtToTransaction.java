package org.kaphub.hl7v2.mapping.message;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v28.segment.PID;
import ca.uhn.hl7v2.util.Terser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;
import org.kaphub.hl7v2.mapping.segment.PidToPatient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * ADT^A01/A04/A08 → FHIR transaction Bundle that creates or updates the Patient (v2-to-FHIR message maps ADT_A01,
 * ADT_A04, ADT_A08; only PID → Patient so far).
 *
 * <p>Takes {@link Message}, not {@code ADT_A01}: under {@code CanonicalModelClassFactory("2.8")} an ADT^A04 or
 * ADT^A08 parses into {@code v28.message.ADT_A01} when MSH-9.3 is empty or says ADT_A01 (the v2.8 event map sends
 * both events to that structure), but into a {@code GenericMessage} when MSH-9.3 names a structure v2.8 does not
 * have, such as "ADT_A04" from v2.3.1–2.4 senders. Both hold PID at the top level as a v2.8 {@link PID}.
 */
public final class AdtToTransaction {

    /** Events whose PID describes the patient as now known to the sender: all are an upsert of the Patient. */
    private static final Set<String> EVENTS = Set.of("A01", "A04", "A08");
    private static final String MEDICAL_RECORD_NUMBER = "MR";

    private AdtToTransaction() {
    }

    public static Bundle map(Message adt, IdentifierSystems systems) throws MappingException {
        checkMessageType(adt);
        PID pid = pid(adt);
        Patient patient = PidToPatient.map(pid, systems);
        Identifier key = matchKey(PidToPatient.identifiers(pid, systems));

        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                // Conditional update: the server creates the Patient if no match exists and replaces it if one does;
                // more than one match fails the transaction (412) rather than guessing.
                .setUrl("Patient?identifier=" + tokenParameter(key.getSystem()) + "|" + tokenParameter(key.getValue()));
        return bundle;
    }

    /**
     * The identifier the Patient is matched on: the first PID-3 of type MR (the sender's medical record number,
     * its stable patient key), else the first PID-3. PID-2/PID-4 never serve: they are other systems' numbers.
     */
    static Identifier matchKey(List<Identifier> pid3) {
        return pid3.stream()
                .filter(identifier -> identifier.getType().getCoding().stream()
                        .anyMatch(coding -> MEDICAL_RECORD_NUMBER.equals(coding.getCode())))
                .findFirst()
                .orElse(pid3.get(0));
    }

    private static void checkMessageType(Message message) throws MappingException {
        ErrorLocation msh9 = ErrorLocation.segment("MSH", 1).atField(9);
        String code;
        String event;
        try {
            Terser terser = new Terser(message);
            code = terser.get("/MSH-9-1");
            event = terser.get("/MSH-9-2");
        } catch (HL7Exception e) {
            throw new MappingException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, msh9, "MSH-9 message type cannot be read");
        }
        if (!"ADT".equals(code)) {
            throw new MappingException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, msh9.atComponent(1),
                    "Only ADT messages are mapped to a Patient");
        }
        if (!EVENTS.contains(event)) {
            throw new MappingException(ErrorCode.UNSUPPORTED_EVENT_CODE, msh9.atComponent(2),
                    "ADT event is not one of " + String.join(", ", EVENTS.stream().sorted().toList()));
        }
    }

    private static PID pid(Message message) throws MappingException {
        ErrorLocation at = ErrorLocation.segment("PID", 1);
        try {
            // ADT_A01 always has a (possibly empty) PID; a GenericMessage has one only if the sender sent it.
            Structure structure = message.get("PID");
            if (structure instanceof PID pid && !pid.isEmpty()) {
                return pid;
            }
        } catch (HL7Exception e) {
            // no PID in a GenericMessage: reported below
        }
        throw new MappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, at, "PID segment missing");
    }

    /**
     * FHIR search escaping ({@code \}, {@code |}, {@code ,}, {@code $} get a backslash), then percent-encoding of
     * everything but RFC 3986 unreserved characters, ':' and '/', so systems stay readable in the journal.
     */
    static String tokenParameter(String raw) {
        StringBuilder escaped = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c == '\\' || c == '|' || c == ',' || c == '$') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : escaped.toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
