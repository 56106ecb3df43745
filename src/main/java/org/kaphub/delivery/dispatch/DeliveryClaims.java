package org.kaphub.delivery.dispatch;

import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims what is due, for the dispatcher route ({@code camel-routes/delivery.camel.yaml}): per (partner, ORDER_KEY)
 * only the oldest undelivered row, so one patient's rows go out one after the other in ID order while different
 * patients and partners go in parallel. A row is claimed in one short transaction — the due heads read without
 * locks, then locked with {@code FOR UPDATE SKIP LOCKED} (a row another node is claiming this instant is skipped, not
 * waited for) and checked again, then marked IN_FLIGHT under a claim token and a lease — so several nodes share the
 * outbox and each row is sent by one. A row of a node that died is taken again when its lease runs out.
 * <p>
 * Skipped: partners paused or with an open circuit (their queue only), partners that are disabled, gone from the
 * registry or without an endpoint (their rows wait). A partner whose circuit has just closed again after
 * failing gets one delivery at a time until one succeeds.
 */
@Component("deliveryClaims")
public class DeliveryClaims {

    private final OutboxTable outbox;
    private final PartnerStates states;
    private final PartnerRegistry registry;
    private final DispatchProperties properties;
    private final TransactionTemplate transaction;
    private final String node;

    DeliveryClaims(OutboxTable outbox, PartnerStates states, PartnerRegistry registry, DispatchProperties properties,
                   PlatformTransactionManager transactionManager) {
        this.outbox = outbox;
        this.states = states;
        this.registry = registry;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
        this.node = nodeName(properties.node());
    }

    /** The deliveries due now that this node has room for, claimed. */
    public List<Delivery> claimDue() {
        Instant now = Instant.now();
        int room = properties.threads() - outbox.inFlightOn(node, now);
        if (room <= 0) {
            return List.of();
        }
        Map<String, PartnerStates.State> partnerStates = states.all();
        Map<String, Integer> inFlight = outbox.inFlightPerPartner(now);
        List<Long> heads = new ArrayList<>();
        for (Partner partner : registry.all()) {
            if (!receives(partner)) {
                continue;
            }
            PartnerStates.State state = partnerStates.getOrDefault(partner.id(), PartnerStates.State.FRESH);
            int partnerRoom = Math.min(room - heads.size(), limit(state) - inFlight.getOrDefault(partner.id(), 0));
            if (state.paused() || state.circuitOpen(now) || partnerRoom <= 0) {
                continue;
            }
            heads.addAll(outbox.dueHeads(partner.id(), now, partnerRoom));
        }
        return claim(heads, now);
    }

    /**
     * What the sender of a delivery that went through takes next, claimed: the next due row of the same
     * (partner, ORDER_KEY) — so a patient with several rows waiting has them sent back to back — else, while the
     * partner is under its limit, the due head of another of its queues. Without the second, a partner whose patients
     * each have one row waiting got at most {@code per-partner} deliveries per poll (bench/delivery/RESULTS.md).
     */
    public Optional<Delivery> claimNext(Delivery previous) {
        Instant now = Instant.now();
        String partner = previous.partnerId();
        PartnerStates.State state = states.of(partner);
        if (state.paused() || state.circuitOpen(now) || registry.byId(partner).filter(DeliveryClaims::receives).isEmpty()) {
            return Optional.empty();
        }
        Optional<Delivery> sameQueue = outbox.dueHead(partner, previous.orderKey(), now)
                .flatMap(head -> claim(List.of(head), now).stream().findFirst());
        if (sameQueue.isPresent() || outbox.inFlightPerPartner(now).getOrDefault(partner, 0) >= limit(state)) {
            return sameQueue;
        }
        return claim(outbox.dueHeads(partner, now, 1), now).stream().findFirst();
    }

    /** Enabled, with a protocol and an endpoint: FHIR push or HL7 v2 over MLLP (each a {@link Channel}). */
    static boolean receives(Partner partner) {
        return partner.receivesRecords();
    }

    /** One delivery at a time while a partner whose circuit opened is on trial; else {@code per-partner}. */
    private int limit(PartnerStates.State state) {
        return state.consecutiveFailures() >= properties.circuitFailures() ? 1 : properties.perPartner();
    }

    private List<Delivery> claim(List<Long> heads, Instant now) {
        if (heads.isEmpty()) {
            return List.of();
        }
        Instant until = now.plus(properties.lease());
        return transaction.execute(status -> {
            List<Delivery> claimed = new ArrayList<>();
            for (Long id : outbox.lockDue(heads, now)) {
                OutboxRow head = outbox.row(id);
                List<Long> ids = new ArrayList<>();
                ids.add(id);
                ids.addAll(outbox.lockDue(outbox.groupBehind(head), now));
                String claim = node + "/" + UUID.randomUUID().toString().substring(0, 13);
                outbox.claim(ids, claim, until, now);
                claimed.add(new Delivery(head.partnerId(), head.orderKey(), claim, outbox.rows(ids)));
            }
            return claimed;
        });
    }

    /** The configured name, else host name and process id: what CLAIMED_BY says of this node. */
    private static String nodeName(String configured) {
        String name = configured;
        if (name == null || name.isBlank()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "node";
            }
            name = host + ":" + ProcessHandle.current().pid();
        }
        return name.length() > 80 ? name.substring(0, 80) : name;
    }
}
