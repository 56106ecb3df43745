package org.kaphub.delivery.mllp;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mllp.MllpApplicationErrorAcknowledgementException;
import org.apache.camel.component.mllp.MllpApplicationRejectAcknowledgementException;
import org.apache.camel.component.mllp.MllpCommitRejectAcknowledgementException;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.component.mllp.MllpException;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.audit.AuditTrail;
import org.kaphub.delivery.channel.Attempt;
import org.kaphub.delivery.channel.Channel;
import org.kaphub.delivery.channel.Outgoing;
import org.kaphub.delivery.channel.Shipment;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.MessageBuilder;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.Receiver;
import org.kaphub.hl7v2.building.message.MessageBuilders;
import org.kaphub.partners.Hl7v2Out;
import org.kaphub.partners.Partner;
import org.springframework.stereotype.Component;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * HL7 v2 over MLLP (README "Sending over HL7 v2 (MLLP)"): a shipment becomes at most two messages, sent one after the
 * other with the camel-mllp producer, each waiting for its ACK — the patient as ADT^A04 when it goes along (the
 * partner has not had it), then the records as one message of their builder ({@link MessageBuilders}; a score
 * Observation written with its QuestionnaireResponse travels in the response's ORU^R01).
 * <p>
 * MSH-10 is {@code KH<first row id>V<version sent>} (the ADT along: {@code KH<first row id>P<its version>}) and MSH-7
 * the time the records were written, so every attempt of one delivery sends the same message and the receiver's
 * duplicate check recognises a resend after a lost ACK; a record changed between attempts, or replayed after a
 * change, goes with a new MSH-10, as the new message it is. The ACK is read by camel-mllp (its {@code CamelMllpAcknowledgementType} header and its negative-acknowledgement
 * exceptions): AA / CA delivered; AE per the partner's {@code on-application-error}; CE (the receiver could not commit)
 * tried again; AR / CR refused; no ACK, a time-out, a refused connection or an ACK camel-mllp cannot read tried again
 * with the same MSH-10. The ACK's MSA and ERR segments are kept with the rows, the whole ACK in the journal.
 */
@Component
class MllpChannel implements Channel {

    static final String CHANNEL = "delivery-mllp";
    private static final String CONTROL_ID_PREFIX = "KH";

    private final MessageBuilders builders = MessageBuilders.standard();
    private final MllpEndpoints endpoints;
    private final ProducerTemplate producer;
    private final MllpOutProperties properties;

    MllpChannel(MllpEndpoints endpoints, ProducerTemplate producer, MllpOutProperties properties) {
        this.endpoints = endpoints;
        this.producer = producer;
        this.properties = properties;
    }

    @Override
    public Partner.Protocol protocol() {
        return Partner.Protocol.HL7V2_MLLP;
    }

    @Override
    public Attempt send(Shipment shipment) {
        Partner partner = shipment.partner();
        Hl7v2Out out = partner.hl7v2Out() == null ? Hl7v2Out.defaults() : partner.hl7v2Out();
        Receiver receiver = receiver(partner, out);
        long firstRow = shipment.rowIds().get(0);
        Instant written = shipment.written();
        if (shipment.items().stream().anyMatch(Outgoing::isDeleted)) {
            return Attempt.notSendable("a deletion is not sent over HL7 v2 (no message says it)");
        }
        List<Message> messages = new ArrayList<>();
        List<List<String>> versions = new ArrayList<>();
        try {
            if (shipment.patientAlong().isPresent()) {
                Patient patient = (Patient) shipment.patientAlong().get().current();
                messages.add(build(patient, List.of(), patient, false, receiver,
                        controlId(firstRow, "P", patient), written, shipment));
                versions.add(List.of(shipment.patientAlong().get().versionedReference()));
            }
            Resource main = main(shipment.items());
            List<Resource> along = shipment.items().stream().map(Outgoing::current).filter(r -> r != main).toList();
            Patient patient = main instanceof Patient itself ? itself : patientOf(shipment);
            boolean known = shipment.patientKnown() || shipment.patientAlong().isPresent();
            messages.add(build(main, along, patient, known, receiver, controlId(firstRow, "V", main), written, shipment));
            versions.add(shipment.items().stream().map(Outgoing::versionedReference).toList());
        } catch (BuildException e) {
            return Attempt.notSendable("cannot be said in HL7 v2: " + e.getMessage());
        }

        Charset charset = charset(out.characterSet());
        List<Attempt.Transmission> sent = new ArrayList<>();
        Attempt last = null;
        for (int i = 0; i < messages.size(); i++) {
            last = exchange(partner, out, messages.get(i), versions.get(i), charset, sent);
            if (last.outcome() != Attempt.Outcome.DELIVERED) {
                break; // the records wait for their patient: the whole shipment is tried again or refused
            }
        }
        return new Attempt(last.outcome(), null, last.error(), last.response(), null, sent);
    }

    /** One message out, its ACK in; the transmission added to {@code sent}. */
    private Attempt exchange(Partner partner, Hl7v2Out out, Message message, List<String> versions, Charset charset,
                             List<Attempt.Transmission> sent) {
        String er7;
        String type;
        String controlId;
        try {
            er7 = new PipeParser().encode(message);
            var msh = (ca.uhn.hl7v2.model.v28.segment.MSH) message.get("MSH");
            type = msh.getMessageType().getMessageCode().getValue() + "^" + msh.getMessageType().getTriggerEvent().getValue();
            controlId = msh.getMessageControlID().getValue();
        } catch (HL7Exception e) {
            throw new IllegalStateException("a built message could not be encoded", e); // our typing, not the data
        }
        byte[] raw = er7.getBytes(charset);
        Exchange exchange = producer.send(endpoints.of(partner, charset), ex -> ex.getMessage().setBody(raw));
        Exception failure = exchange.getException();
        byte[] ackBytes = exchange.getMessage().getHeader(MllpConstants.MLLP_ACKNOWLEDGEMENT, byte[].class);
        if (ackBytes == null && failure instanceof MllpException mllp && mllp.hasHl7AcknowledgementBytes()) {
            ackBytes = mllp.getHl7AcknowledgementBytes();
        }
        String ack = ackBytes == null || ackBytes.length == 0 ? null : new String(ackBytes, charset);
        String code = exchange.getMessage().getHeader(MllpConstants.MLLP_ACKNOWLEDGEMENT_TYPE, String.class);

        Attempt.Outcome outcome;
        String text;
        if (failure == null && ("AA".equals(code) || "CA".equals(code))) {
            outcome = Attempt.Outcome.DELIVERED;
            text = "ACK " + code;
        } else if (failure instanceof MllpApplicationErrorAcknowledgementException) {
            outcome = out.onApplicationError() == Hl7v2Out.ApplicationErrorPolicy.RETRY
                    ? Attempt.Outcome.RETRY : Attempt.Outcome.REFUSED;
            text = "ACK AE (on-application-error: " + (outcome == Attempt.Outcome.RETRY ? "retry" : "dead-letter") + ")";
        } else if (failure instanceof MllpApplicationRejectAcknowledgementException
                || failure instanceof MllpCommitRejectAcknowledgementException) {
            outcome = Attempt.Outcome.REFUSED;
            text = "ACK " + code;
        } else if (failure != null && ack != null) {
            outcome = Attempt.Outcome.RETRY; // CE, or an ACK camel-mllp cannot read
            text = "ACK " + (code == null || code.isBlank() ? "unreadable" : code) + ": " + failure.getClass().getSimpleName();
        } else {
            outcome = Attempt.Outcome.RETRY; // refused connection, time-out, reset: the same MSH-10 goes again
            text = "no ACK: " + (failure == null ? "empty acknowledgement" : failure.getClass().getSimpleName());
        }
        sent.add(new Attempt.Transmission(CHANNEL, AuditTrail.HL7V2_PUSH, controlId, type, out.version(), raw, ack,
                outcome, text, versions));
        return new Attempt(outcome, null, outcome == Attempt.Outcome.DELIVERED ? null : type + " " + controlId + ": " + text,
                msaAndErr(ack), null, List.of());
    }

    /** ≤ 20 characters (MSH-10 is ST(20) in v2.3) for any row id below 10^11 and version below 10^6. */
    private static String controlId(long firstRow, String kind, Resource resource) {
        String version = resource.getIdElement().getVersionIdPart();
        return CONTROL_ID_PREFIX + firstRow + kind + (version == null ? "0" : version);
    }

    private Message build(Resource resource, List<Resource> along, Patient patient, boolean patientKnown, Receiver receiver,
                          String controlId, Instant at, Shipment shipment) throws BuildException {
        MessageBuilder builder = builders.find(resource).orElseThrow(() ->
                new BuildException("KAP Hub builds no HL7 v2 message for " + resource.fhirType()));
        Resource previous = resource.getIdElement().hasIdPart() ? shipment.lastReceived()
                .apply(resource.fhirType() + "/" + resource.getIdElement().getIdPart()).orElse(null) : null;
        return builder.build(new Outbound(resource, along, patient, patientKnown, receiver, controlId, at,
                shipment.targets(), previous));
    }

    /**
     * The record the message is about: the first one that is not an Observation (a QuestionnaireResponse, whose score
     * Observation written with it travels in its message), else the first.
     */
    private Resource main(List<Outgoing> items) throws BuildException {
        List<Resource> built = items.stream().map(Outgoing::current).filter(r -> builders.find(r).isPresent()).toList();
        if (built.isEmpty()) {
            throw new BuildException("KAP Hub builds no HL7 v2 message for " + items.get(0).current().fhirType());
        }
        return built.stream().filter(r -> !"Observation".equals(r.fhirType())).findFirst().orElse(built.get(0));
    }

    private static Patient patientOf(Shipment shipment) throws BuildException {
        String reference = shipment.patient();
        Optional<Resource> patient = reference == null ? Optional.empty() : shipment.targets().apply(reference);
        if (patient.isEmpty() || !(patient.get() instanceof Patient found)) {
            throw new BuildException("the record's patient is not on KAP Hub (PID cannot be filled)");
        }
        return found;
    }

    /**
     * How to speak to the partner: its hl7v2-out, KAP Hub's own MSH-3/4 where that names none, and its identifier
     * systems → namespace ids, the inverse of its {@code assigning-authority-namespaces} (two namespace ids for one
     * system: the first in sort order).
     */
    Receiver receiver(Partner partner, Hl7v2Out out) {
        Map<String, String> namespaces = new TreeMap<>();
        new TreeMap<>(partner.assigningAuthorityNamespaces()).forEach(namespaces::putIfAbsent);
        Map<String, String> bySystem = namespaces.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue,
                Map.Entry::getKey, (first, second) -> first, TreeMap::new));
        return new Receiver(out.version(),
                out.sendingApplication() == null ? properties.sendingApplication() : out.sendingApplication(),
                out.sendingFacility() == null ? properties.sendingFacility() : out.sendingFacility(),
                out.receivingApplication(), out.receivingFacility(), out.characterSet(), bySystem);
    }

    /** MSH-18 (HL7 table 0211) → the bytes' encoding; none: UTF-8, which is ASCII for ASCII text. */
    static Charset charset(String characterSet) {
        if (characterSet == null) {
            return StandardCharsets.UTF_8;
        }
        return switch (characterSet) {
            case "ASCII" -> StandardCharsets.US_ASCII;
            case "8859/1" -> StandardCharsets.ISO_8859_1;
            case "UNICODE UTF-8" -> StandardCharsets.UTF_8;
            default -> throw new IllegalArgumentException("MSH-18 " + characterSet + " is not one KAP Hub encodes");
        };
    }

    /** The ACK's MSA and ERR segments (what the partner said of the message), CR-separated; null without an ACK. */
    static String msaAndErr(String ack) {
        if (ack == null) {
            return null;
        }
        String kept = Arrays.stream(ack.split("[\r\n]+"))
                .filter(segment -> segment.startsWith("MSA") || segment.startsWith("ERR"))
                .collect(Collectors.joining("\r"));
        return kept.isEmpty() ? null : kept;
    }
}
