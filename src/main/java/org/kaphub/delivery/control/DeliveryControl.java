package org.kaphub.delivery.control;

import org.kaphub.audit.AuditTrail;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the control API does (README "Replay and control"), each call audited and each write one database
 * transaction. A replay puts settled rows back as QUEUED in place: a row keeps its ID, so it takes its old place in its
 * (partner, patient) queue — ahead of rows of that patient committed after it and still waiting — and a replay of
 * several rows sends them in the order they were first committed. It sends the resource as it is now (the dispatcher
 * always does), so a row of an old version brings the partner the current one, and sending it again is harmless (a
 * conditional update on the record's identifier).
 */
@Service
class DeliveryControl {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryControl.class);

    /** Who asked: the token's client and the request's source address. */
    record Caller(String clientId, String address) {
    }

    private final ControlTable table;
    private final PartnerRegistry registry;
    private final AuditTrail audit;

    DeliveryControl(ControlTable table, PartnerRegistry registry, AuditTrail audit) {
        this.table = table;
        this.registry = registry;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    PartnerDeliveryState partner(Caller caller, String partnerId) {
        PartnerDeliveryState state = state(known(partnerId));
        audit.deliveryControl(caller.clientId(), caller.address(), "show partner delivery state", false, partnerId,
                0, Map.of());
        return state;
    }

    @Transactional(readOnly = true)
    DeliveryPage deliveries(Caller caller, String partnerId, Set<DeliveryStatus> statuses, long after, int limit) {
        known(partnerId);
        List<DeliveryView> rows = table.page(partnerId, statuses, after, limit);
        Long next = rows.size() == limit ? rows.get(rows.size() - 1).id() : null;
        audit.deliveryControl(caller.clientId(), caller.address(), "list deliveries" + (statuses.isEmpty() ? "" : " status=" + statuses),
                false, partnerId, rows.size(), Map.of());
        return new DeliveryPage(partnerId, rows, next);
    }

    @Transactional(readOnly = true)
    DeliveryView delivery(Caller caller, long rowId) {
        DeliveryView row = table.row(rowId).orElseThrow(() -> noRow(rowId));
        audit.deliveryControl(caller.clientId(), caller.address(), "show delivery " + rowId, false, row.partnerId(), 1, Map.of());
        return row;
    }

    /** One settled row requeued; a row QUEUED or IN_FLIGHT is on its way already (409). */
    @Transactional
    ReplayResult replay(Caller caller, long rowId) {
        DeliveryView row = table.lock(rowId).orElseThrow(() -> noRow(rowId));
        if (!DeliveryStatus.REPLAYABLE.contains(row.status())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Outbox row " + rowId + " is " + row.status()
                    + ": it is on its way already; only DELIVERED, DEAD or BLOCKED rows are replayed");
        }
        return requeue(caller, "replay row " + rowId, row.partnerId(), List.of(row));
    }

    /** The partner's settled rows of {@code statuses}, committed at or after {@code since} (null: any time). */
    @Transactional
    ReplayResult replay(Caller caller, String partnerId, Set<DeliveryStatus> statuses, Instant since) {
        known(partnerId);
        String action = "replay" + (statuses.equals(DeliveryStatus.REPLAYABLE) ? "" : " status=" + statuses)
                + (since == null ? "" : " since=" + since);
        return requeue(caller, action, partnerId, table.lockSettled(partnerId, statuses, since));
    }

    @Transactional
    PartnerDeliveryState pause(Caller caller, String partnerId) {
        known(partnerId);
        table.pause(partnerId, Instant.now());
        audit.deliveryControl(caller.clientId(), caller.address(), "pause", true, partnerId, 0, Map.of());
        LOG.info("Deliveries to partner {} paused by {}", partnerId, caller.clientId());
        return state(partnerId);
    }

    /** Not paused, circuit closed and failures forgotten, rows waiting out a backoff due now: tried at once. */
    @Transactional
    PartnerDeliveryState resume(Caller caller, String partnerId) {
        known(partnerId);
        Instant now = Instant.now();
        table.resume(partnerId, now);
        int due = table.dueNow(partnerId, now);
        audit.deliveryControl(caller.clientId(), caller.address(), "resume (rows due now)", true, partnerId, due, Map.of());
        LOG.info("Deliveries to partner {} resumed by {}", partnerId, caller.clientId());
        return state(partnerId);
    }

    private ReplayResult requeue(Caller caller, String action, String partnerId, List<DeliveryView> rows) {
        List<Long> ids = rows.stream().map(DeliveryView::id).toList();
        int requeued = table.requeue(ids, Instant.now());
        Map<Long, String> named = new LinkedHashMap<>();
        rows.forEach(row -> named.put(row.id(), row.versionedReference()));
        audit.deliveryControl(caller.clientId(), caller.address(), action, true, partnerId, requeued, named);
        LOG.info("{} outbox rows of partner {} requeued by {} ({})", requeued, partnerId, caller.clientId(), action);
        return new ReplayResult(requeued, ids);
    }

    /** A partner of the registry, or one that still has rows (removed from the registry since): else 404. */
    private String known(String partnerId) {
        if (registry.byId(partnerId).isEmpty() && !table.hasRows(partnerId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No partner " + partnerId + " in the registry or the outbox");
        }
        return partnerId;
    }

    private PartnerDeliveryState state(String partnerId) {
        Optional<Partner> partner = registry.byId(partnerId);
        ControlTable.State state = table.state(partnerId);
        return new PartnerDeliveryState(partnerId, partner.isPresent(), partner.map(Partner::enabled).orElse(false),
                state.paused(), state.consecutiveFailures(), state.circuitOpenUntil(), table.counts(partnerId),
                table.oldestUndelivered(partnerId).orElse(null));
    }

    private static ResponseStatusException noRow(long rowId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No outbox row " + rowId);
    }
}
