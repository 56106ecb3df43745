package org.kaphub.audit;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit trail: an append-only table of AuditEvents as FHIR JSON ({@code KAP_AUDIT_EVENT}) with the values they
 * are searched by ({@code KAP_AUDIT_INDEX}). Nothing here updates or deletes. Read through {@code /fhir/AuditEvent}
 * (with an AuditEvent scope) or this class; the row id is the AuditEvent's FHIR id.
 */
@Component
public class AuditLog {

    /** Longer values (none expected: codes, references, client ids) are kept in the event, not indexed. */
    private static final int MAX_VALUE = 255;

    private final FhirContext fhir;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate separateTransaction;

    AuditLog(FhirContext fhir, JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactionManager) {
        this.fhir = fhir;
        this.jdbc = jdbc;
        this.batch = batch;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.separateTransaction = new TransactionTemplate(transactionManager);
        this.separateTransaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Appends the events, each given its id, in the caller's transaction when there is one (committed or rolled back
     * with it), else in a transaction of their own.
     */
    void append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            insert(events);
        } else {
            ownTransaction.executeWithoutResult(status -> insert(events));
        }
    }

    /** Appends the events in a transaction of their own, whatever the caller's transaction does. */
    void appendSeparately(List<AuditEvent> events) {
        separateTransaction.executeWithoutResult(status -> insert(events));
    }

    private void insert(List<AuditEvent> events) {
        List<Object[]> indexRows = new ArrayList<>();
        for (AuditEvent event : events) {
            Instant recorded = event.hasRecorded() ? event.getRecorded().toInstant() : Instant.now();
            event.setIdElement(null);
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO KAP_AUDIT_EVENT (RECORDED, EVENT) VALUES (?, ?)")
                    .params(Timestamp.from(recorded), fhir.newJsonParser().encodeResourceToString(event))
                    .update(key, "ID");
            long id = key.getKeyAs(Number.class).longValue();
            event.setId(new IdType("AuditEvent", id));
            indexOf(event).forEach((param, values) -> values.forEach(value -> indexRows.add(new Object[]{id, param.name(), value})));
        }
        batch.batchUpdate("INSERT INTO KAP_AUDIT_INDEX (AUDIT_ID, PARAM, VAL) VALUES (?, ?, ?)", indexRows);
    }

    /** The event with this FHIR id, if there is one. */
    public Optional<AuditEvent> read(String id) {
        long rowId;
        try {
            rowId = Long.parseLong(id);
        } catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT ID, EVENT FROM KAP_AUDIT_EVENT WHERE ID = ?").param(rowId)
                .query((rs, n) -> parse(rs.getLong(1), rs.getString(2))).optional();
    }

    /** The events matching {@code search}, oldest first unless it asks for the newest first. */
    public List<AuditEvent> search(AuditSearch search, int offset, int count) {
        List<Object> params = new ArrayList<>();
        String where = where(search, params);
        params.add(count);
        params.add(offset);
        return jdbc.sql("SELECT e.ID, e.EVENT FROM KAP_AUDIT_EVENT e" + where + " ORDER BY e.ID"
                        + (search.newestFirst() ? " DESC" : "") + " LIMIT ? OFFSET ?")
                .params(params).query((rs, n) -> parse(rs.getLong(1), rs.getString(2))).list();
    }

    /** Every event matching {@code search} (for tests and small windows: unbounded). */
    public List<AuditEvent> search(AuditSearch search) {
        return search(search, 0, Integer.MAX_VALUE);
    }

    public int count(AuditSearch search) {
        List<Object> params = new ArrayList<>();
        String where = where(search, params);
        return jdbc.sql("SELECT COUNT(*) FROM KAP_AUDIT_EVENT e" + where).params(params).query(Integer.class).single();
    }

    private static String where(AuditSearch search, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (search.recordedFrom() != null) {
            conditions.add("e.RECORDED >= ?");
            params.add(Timestamp.from(search.recordedFrom()));
        }
        if (search.recordedBefore() != null) {
            conditions.add("e.RECORDED < ?");
            params.add(Timestamp.from(search.recordedBefore()));
        }
        search.anyOf().forEach((param, values) -> {
            conditions.add("e.ID IN (SELECT AUDIT_ID FROM KAP_AUDIT_INDEX WHERE PARAM = ? AND VAL IN ("
                    + String.join(", ", values.stream().map(v -> "?").toList()) + "))");
            params.add(param.name());
            params.addAll(values);
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private AuditEvent parse(long id, String json) {
        AuditEvent event = fhir.newJsonParser().parseResource(AuditEvent.class, json);
        event.setId(new IdType("AuditEvent", id));
        return event;
    }

    /** The values of {@link AuditSearch.Param} an event is found by. */
    static Map<AuditSearch.Param, Set<String>> indexOf(AuditEvent event) {
        Map<AuditSearch.Param, Set<String>> index = new EnumMap<>(AuditSearch.Param.class);
        if (event.hasType()) {
            codes(index, AuditSearch.Param.TYPE, event.getType());
        }
        event.getSubtype().forEach(subtype -> codes(index, AuditSearch.Param.SUBTYPE, subtype));
        if (event.hasAction()) {
            add(index, AuditSearch.Param.ACTION, event.getAction().toCode());
        }
        if (event.hasOutcome()) {
            add(index, AuditSearch.Param.OUTCOME, event.getOutcome().toCode());
        }
        for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
            references(index, AuditSearch.Param.ENTITY, entity.getWhat());
        }
        for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
            references(index, AuditSearch.Param.AGENT, agent.getWho());
        }
        return index;
    }

    private static void codes(Map<AuditSearch.Param, Set<String>> index, AuditSearch.Param param, Coding coding) {
        if (coding.hasCode()) {
            add(index, param, coding.getCode());
            if (coding.hasSystem()) {
                add(index, param, coding.getSystem() + "|" + coding.getCode());
            }
        }
    }

    /** A reference as {@code Type/id} (and as given, when versioned); a Patient also for PATIENT; an identifier as system|value and value. */
    private static void references(Map<AuditSearch.Param, Set<String>> index, AuditSearch.Param param, Reference reference) {
        if (reference.hasReference()) {
            IdType id = new IdType(reference.getReference());
            String versionless = id.hasResourceType() ? id.toUnqualifiedVersionless().getValue() : reference.getReference();
            add(index, param, versionless);
            add(index, param, reference.getReference());
            if ("Patient".equals(id.getResourceType())) {
                add(index, AuditSearch.Param.PATIENT, versionless);
            }
        }
        if (reference.hasIdentifier()) {
            Identifier identifier = reference.getIdentifier();
            add(index, param, identifier.getValue());
            if (identifier.hasSystem()) {
                add(index, param, identifier.getSystem() + "|" + identifier.getValue());
            }
        }
    }

    private static void add(Map<AuditSearch.Param, Set<String>> index, AuditSearch.Param param, String value) {
        if (value != null && !value.isEmpty() && value.length() <= MAX_VALUE) {
            index.computeIfAbsent(param, p -> new LinkedHashSet<>()).add(value);
        }
    }
}
