package org.kaphub.delivery.pull;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.kaphub.audit.AuditTrail;
import org.kaphub.ownership.Writer;
import org.kaphub.partners.Partner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores one pulled record: in one database transaction the pull's mark row is locked, the record is written by the
 * partner ({@link Writer}: the same validation, ownership and identity rules as its REST and HL7 v2 writes), audited,
 * and the mark moved to its {@code lastUpdated}. The lock makes a second node polling the same partner wait, then find
 * the version stored and write nothing. A record refused by KAP Hub is audited and the mark moved past it in a
 * transaction of its own: it is not read again until the partner changes it. A database failure is thrown: the mark
 * stays, the next poll tries again.
 */
@Component
class PullStore {

    enum Outcome { STORED, UNCHANGED, REFUSED }

    private static final Logger log = LoggerFactory.getLogger(PullStore.class);

    /** How many refused versions this node remembers, so a re-read within the overlap is not refused (and audited) again. */
    private static final int REMEMBERED_REFUSALS = 10_000;

    private final IFhirSystemDao<Bundle, Meta> fhir;
    private final DaoRegistry daos;
    private final PullMarks marks;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Set<String> refused = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_REFUSALS;
        }
    }));

    PullStore(IFhirSystemDao<Bundle, Meta> fhir, DaoRegistry daos, PullMarks marks, AuditTrail audit,
              PlatformTransactionManager transactionManager) {
        this.fhir = fhir;
        this.daos = daos;
        this.marks = marks;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * @param advance whether the mark may move to the record's lastUpdated (not when the partner's answer is out of
     *                {@code _lastUpdated} order: the mark then moves once the whole poll is read)
     */
    Outcome store(Partner partner, String markType, PulledRecord record, boolean advance) {
        if (refused.contains(record.sourceUrl())) {
            return Outcome.UNCHANGED; // this version was refused before: the overlap read it again
        }
        if (record.refusal() != null) {
            refuse(partner, markType, record, record.refusal(), advance);
            return Outcome.REFUSED;
        }
        try {
            return transaction.execute(status -> {
                marks.lock(partner.id(), markType);
                Outcome outcome = Outcome.UNCHANGED;
                if (!alreadyStored(record)) {
                    // HAPI resolves the references of the Bundle it is given: keep the record's own for a retry
                    Bundle response = fhir.transactionNested(Writer.of(partner).attachTo(new SystemRequestDetails()),
                            record.transaction().copy());
                    List<String> locations = response.getEntry().stream().map(e -> e.getResponse().getLocation()).toList();
                    audit.fhirPulled("partner:" + partner.id(), record.sourceUrl(), true, "stored", locations);
                    outcome = Outcome.STORED;
                }
                if (advance && record.lastUpdated() != null) {
                    marks.advance(partner.id(), markType, record.lastUpdated());
                }
                return outcome;
            });
        } catch (RuntimeException e) {
            if (PullFailures.transientFailure(e)) {
                throw new StorageUnavailable(e);
            }
            refuse(partner, markType, record, PullFailures.describe(e), advance);
            return Outcome.REFUSED;
        }
    }

    /** Once a whole poll is read: the mark to the newest record seen (a partner that does not sort). */
    void advance(Partner partner, String markType, Instant newest) {
        transaction.executeWithoutResult(status -> {
            marks.lock(partner.id(), markType);
            marks.advance(partner.id(), markType, newest);
        });
    }

    /** The database failed, not the record: the mark stays, the next poll tries again. */
    static final class StorageUnavailable extends RuntimeException {
        StorageUnavailable(RuntimeException cause) {
            super(cause);
        }
    }

    private void refuse(Partner partner, String markType, PulledRecord record, String why, boolean advance) {
        transaction.executeWithoutResult(status -> {
            marks.lock(partner.id(), markType);
            audit.fhirPulled("partner:" + partner.id(), record.sourceUrl(), false, "refused: " + why, List.of());
            if (advance && record.lastUpdated() != null) {
                marks.advance(partner.id(), markType, record.lastUpdated());
            }
        });
        refused.add(record.sourceUrl());
        log.warn("Pull from partner {}: a {} was refused and passed ({}); see AuditEvent fhir-pull", partner.id(),
                record.type(), why);
    }

    /** KAP Hub's copy (found by the business identifier) is this version at the partner ({@code meta.source}). */
    private boolean alreadyStored(PulledRecord record) {
        SearchParameterMap byKey = SearchParameterMap.newSynchronous("identifier",
                new TokenParam(record.key().getSystem(), record.key().getValue()));
        List<IBaseResource> found = daos.getResourceDao(record.type()).search(byKey, new SystemRequestDetails()).getResources(0, 2);
        if (found.size() != 1) {
            return false;
        }
        String source = found.get(0).getMeta() instanceof Meta meta ? meta.getSource() : null;
        // HAPI stores the source with '#' and the request id when it has one
        return source != null && source.split("#", 2)[0].equals(record.sourceUrl());
    }
}
