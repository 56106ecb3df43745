package org.kaphub.delivery.dispatch;

import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.audit.AuditTrail;
import org.kaphub.delivery.channel.Attempt;
import org.kaphub.delivery.channel.Channel;
import org.kaphub.delivery.channel.Outgoing;
import org.kaphub.delivery.channel.Shipment;
import org.kaphub.delivery.entitlement.Entitlement;
import org.kaphub.delivery.entitlement.Verdict;
import org.kaphub.delivery.metrics.DeliveryOutcomes;
import org.kaphub.journal.JournalStatus;
import org.kaphub.journal.MessageJournal;
import org.kaphub.journal.SentMessage;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt to send a claimed delivery, and what follows from its outcome (README "Delivery to partners"), the same
 * for every protocol:
 * <ol>
 * <li>each row's resource as it is now (its current version, or its deletion), checked against the partner's
 * entitlement again — a row the partner may no longer have is BLOCKED, audited, never retried;</li>
 * <li>the rows, with the patient along when the partner receives Patients and has not had this one, handed to the
 * partner's {@link Channel} (FHIR push: one transaction Bundle; HL7 v2: a message per record over MLLP);</li>
 * <li>every message sent journaled (direction OUT) and audited (which version of what went to whom), and the rows
 * marked: DELIVERED; or — no answer, or an answer that asks to try again — QUEUED again after a backoff, DEAD once
 * the attempts or the age allowed are used up; or — refused — DEAD at once with the partner's answer kept.</li>
 * </ol>
 * Failures of a partner that is down count towards its circuit breaker; any answer from it closes the circuit.
 */
@Component("deliveryAttempts")
public class DeliveryAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempts.class);
    private final DeliveryClaims claims;
    private final OutboxTable outbox;
    private final PartnerStates states;
    private final PartnerRegistry registry;
    private final StoredResources resources;
    private final Entitlement entitlement;
    private final Map<Partner.Protocol, Channel> channels = new EnumMap<>(Partner.Protocol.class);
    private final MessageJournal journal;
    private final AuditTrail audit;
    private final DispatchProperties properties;
    private final Backoff backoff;
    private final DeliveryOutcomes outcomes;

    DeliveryAttempts(DeliveryClaims claims, OutboxTable outbox, PartnerStates states, PartnerRegistry registry,
                     StoredResources resources, Entitlement entitlement, List<Channel> channels,
                     MessageJournal journal, AuditTrail audit, DispatchProperties properties, DeliveryOutcomes outcomes) {
        this.claims = claims;
        this.outbox = outbox;
        this.states = states;
        this.registry = registry;
        this.resources = resources;
        this.entitlement = entitlement;
        channels.forEach(channel -> this.channels.put(channel.protocol(), channel));
        this.journal = journal;
        this.audit = audit;
        this.properties = properties;
        this.backoff = Backoff.of(properties);
        this.outcomes = outcomes;
    }

    /**
     * Sends {@code delivery} and records the outcome.
     *
     * @return the next due delivery of the same (partner, ORDER_KEY), claimed, when this one is settled (delivered,
     * dead-lettered as refused, blocked); null when there is none or this one is to be tried again later
     */
    public Delivery deliver(Delivery delivery) {
        try {
            return attempt(delivery) ? claims.claimNext(delivery).orElse(null) : null;
        } catch (RuntimeException e) {
            // storage or programming trouble, not the partner's: try again later; the lease covers a node that dies here
            // the exception's class only: HAPI's parser and HL7 v2 type exceptions quote the values they refused (PHI);
            // the stack trace, with its messages, at DEBUG for whoever turns that on deliberately
            LOG.warn("Delivery of outbox rows {} to partner {} failed on KAP Hub's side ({}); tried again later",
                    delivery.ids(), delivery.partnerId(), e.getClass().getSimpleName());
            LOG.debug("Delivery of outbox rows {} failed", delivery.ids(), e);
            Instant now = Instant.now();
            int written = outbox.retry(delivery.ids(), delivery.claim(), now.plus(backoff.after(1, null)), null,
                    "KAP Hub error: " + e.getClass().getSimpleName(), null, now);
            outcomes.settled(delivery.partnerId(), DeliveryOutcomes.Outcome.ERROR, written);
            return null;
        }
    }

    /** @return whether the queue may go on with its next row */
    private boolean attempt(Delivery delivery) {
        String claim = delivery.claim();
        Partner partner = registry.byId(delivery.partnerId()).filter(DeliveryClaims::receives).orElse(null);
        Channel channel = partner == null ? null : channels.get(partner.protocol());
        if (channel == null) {
            outbox.release(delivery.ids(), claim, Instant.now()); // disabled or gone since the claim: its rows wait
            return false;
        }
        String patient = delivery.orderKey().startsWith("Patient/") ? delivery.orderKey() : null;
        Instant asked = Instant.now();
        List<OutboxRow> sending = new ArrayList<>();
        List<Outgoing> items = new ArrayList<>();
        for (OutboxRow row : delivery.rows()) {
            Optional<Outgoing> item = resources.outgoing(row.resourceType(), row.resourceId());
            if (item.isEmpty()) {
                outcomes.settled(partner.id(), DeliveryOutcomes.Outcome.DEAD, outbox.dead(List.of(row.id()), claim, null,
                        "the resource is no longer on KAP Hub (expunged)", null, Instant.now()));
                continue;
            }
            Optional<String> refusal = refusal(partner, item.get().lastLive(), asked);
            if (refusal.isPresent()) {
                audit.deliveryBlocked(partner.id(), item.get().versionedReference(), refusal.get());
                outcomes.settled(partner.id(), DeliveryOutcomes.Outcome.BLOCKED,
                        outbox.blocked(row.id(), claim, refusal.get(), Instant.now()));
                LOG.info("Outbox row {} to partner {} blocked: {}", row.id(), partner.id(), refusal.get());
                continue;
            }
            sending.add(row);
            items.add(item.get());
        }
        if (sending.isEmpty()) {
            return true;
        }
        Optional<Outgoing> patientAlong = patientNotYetReceived(partner, patient, items);
        boolean patientKnown = patient != null && outbox.delivered(partner.id(), patient, "Patient",
                patient.substring("Patient/".length()));
        List<Long> ids = sending.stream().map(OutboxRow::id).toList();
        Instant committed = sending.stream().map(OutboxRow::createdAt).min(Comparator.naturalOrder()).orElseThrow();
        Attempt attempt = channel.send(new Shipment(partner, ids, delivery.orderKey(), committed, items, patientAlong,
                patientKnown, resources::live, reference -> lastReceived(partner.id(), reference, ids)));
        Instant now = Instant.now();

        // journaled and audited before the outcome is: a row marked settled has its record
        for (Attempt.Transmission sent : attempt.sent()) {
            JournalStatus journaled = switch (sent.outcome()) {
                case DELIVERED -> JournalStatus.ACCEPTED;
                case RETRY -> JournalStatus.ERROR;
                case REFUSED -> JournalStatus.REJECTED;
            };
            journal.recordSent(new SentMessage(sent.channel(), partner.id(), address(partner), sent.controlId(),
                    sent.messageType(), sent.version(), sent.raw(), journaled, sent.reply(), sent.outcomeText(),
                    sent.versions()));
            audit.sentToPartner(sent.auditType(), partner.id(), address(partner), sent.messageType(), sent.controlId(),
                    sent.versions(), sent.outcome() == Attempt.Outcome.DELIVERED, sent.outcomeText());
        }

        boolean goOn;
        int written;
        switch (attempt.outcome()) {
            case DELIVERED -> {
                written = outbox.delivered(ids, claim, attempt.status(), attempt.response(), now);
                outcomes.settled(partner.id(), DeliveryOutcomes.Outcome.DELIVERED, written);
                if (written == ids.size()) { // else another node took rows over and records their outcome
                    sending.forEach(row -> outcomes.delivered(partner.id(), row.agedFrom(), now)); // a replay: from its replay
                }
                patientAlong.ifPresent(p -> outbox.insertDelivered(partner.id(), delivery.orderKey(), "Patient",
                        p.current().getIdElement().getIdPart(), p.current().getIdElement().getVersionIdPartAsLong(),
                        entitlement.describe(p.current()).part2(), claim, attempt.status(), now));
                states.succeeded(partner.id(), now);
                goOn = true;
            }
            case RETRY -> {
                written = retryOrGiveUp(sending, claim, attempt, now);
                if (states.failed(partner.id(), properties.circuitFailures(), now.plus(properties.circuitOpen()), now)) {
                    LOG.warn("Partner {} failing ({}): its circuit is open until {}; its rows wait", partner.id(),
                            attempt.error(), now.plus(properties.circuitOpen()));
                }
                goOn = false;
            }
            default -> {
                written = outbox.dead(ids, claim, attempt.status(), attempt.error(), attempt.response(), now);
                outcomes.settled(partner.id(), DeliveryOutcomes.Outcome.DEAD, written);
                LOG.info("Outbox rows {} dead-lettered: partner {} refused them or they cannot be sent ({})", ids,
                        partner.id(), attempt.error());
                if (!attempt.sent().isEmpty()) {
                    states.succeeded(partner.id(), now); // it answered: it is up
                }
                goOn = true;
            }
        }
        if (written < ids.size()) {
            LOG.warn("Outcome of outbox rows {} not recorded: the claim's lease ran out and another node took them", ids);
        }
        return goOn;
    }

    private int retryOrGiveUp(List<OutboxRow> rows, String claim, Attempt outcome, Instant now) {
        List<Long> ids = rows.stream().map(OutboxRow::id).toList();
        int attempt = rows.stream().mapToInt(OutboxRow::attempts).max().orElse(0) + 1;
        Instant oldest = rows.stream().map(OutboxRow::agedFrom).min(Comparator.naturalOrder()).orElse(now);
        if (attempt >= properties.maxAttempts() || oldest.plus(properties.maxAge()).isBefore(now)) {
            LOG.info("Outbox rows {} dead-lettered after {} attempts to partner {} ({})", ids, attempt, rows.get(0).partnerId(),
                    outcome.error());
            int written = outbox.dead(ids, claim, outcome.status(), "gave up after " + attempt + " attempts: " + outcome.error(),
                    outcome.response(), now);
            outcomes.settled(rows.get(0).partnerId(), DeliveryOutcomes.Outcome.DEAD, written);
            return written;
        }
        Duration wait = backoff.after(attempt, outcome.retryAfter());
        int written = outbox.retry(ids, claim, now.plus(wait), outcome.status(), outcome.error(), outcome.response(), now);
        outcomes.settled(rows.get(0).partnerId(), DeliveryOutcomes.Outcome.RETRIED, written);
        return written;
    }

    /** The version of {@code Type/id} the partner last had delivered (by rows other than {@code sending}). */
    private Optional<Resource> lastReceived(String partnerId, String reference, List<Long> sending) {
        IdType id = new IdType(reference);
        return outbox.lastDeliveredVersion(partnerId, id.getResourceType(), id.getIdPart(), sending)
                .flatMap(version -> resources.version(id.getResourceType(), id.getIdPart(), version));
    }

    /**
     * The patient of these rows, when the partner receives Patients, has not had this one delivered and may have it:
     * it travels in the same Bundle, so the references to it resolve at the partner.
     */
    private Optional<Outgoing> patientNotYetReceived(Partner partner, String patient, List<Outgoing> items) {
        if (patient == null || !partner.receives().contains("Patient")
                || items.stream().anyMatch(item -> item.reference().equals(patient))) {
            return Optional.empty();
        }
        String id = patient.substring("Patient/".length());
        if (outbox.delivered(partner.id(), patient, "Patient", id)) {
            return Optional.empty();
        }
        return resources.live(patient)
                .filter(found -> refusal(partner, found, Instant.now()).isEmpty())
                .map(Outgoing::live);
    }

    /**
     * Why the partner may not have the resource now (the outbox writer's rule, asked again at send time), in words
     * without PHI; empty when it may.
     */
    private Optional<String> refusal(Partner partner, Resource resource, Instant at) {
        Verdict verdict = entitlement.verdict(partner, entitlement.describe(resource), at);
        return Optional.ofNullable(switch (verdict) {
            case ENTITLED -> null;
            case PARTNER_UNKNOWN -> "the partner is disabled or gone from the registry";
            case NOT_RECEIVING -> "the partner no longer receives records (no protocol or endpoint)";
            case NO_HL7V2_MESSAGE -> "the partner receives HL7 v2; KAP Hub builds no message for this " + resource.fhirType();
            case TYPE_NOT_RECEIVED -> "the partner no longer receives " + resource.fhirType();
            case OTHER_ORGANISATION -> "the patient is not of the partner's organisations";
            case PART2_NOT_GRANTED -> "42 CFR Part 2 data; the partner has no Part 2 grant";
            case NO_PART2_CONSENT -> "42 CFR Part 2 data; no active consent names the partner as recipient";
        });
    }

    /** host:port of the partner's endpoint (http(s)://… or mllp://…) (the journal's and the audit's address: no path, no query). */
    private static String address(Partner partner) {
        URI uri = URI.create(partner.endpoint());
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
