package org.kaphub.delivery.outbox;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.kaphub.delivery.entitlement.DeliveredRecord;
import org.kaphub.delivery.entitlement.Entitlement;
import org.kaphub.delivery.outbox.OutboxRow.Operation;
import org.kaphub.ownership.Writer;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The transactional outbox: every committed version of a delivered KAP record gets one KAP_OUTBOX row per entitled
 * partner, in the database transaction of the write ({@link WriteGroup}). HAPI calls the pre-commit pointcuts inside
 * that transaction for every path — a REST write, each entry of a transaction Bundle (deferred by HAPI to the end of
 * the Bundle, still before commit), {@code IFhirSystemDao.transactionNested} as HL7 v2 in uses it, and the server's
 * own writes (score Observations). Registered on HAPI's JPA interceptor service, so writes without a REST request
 * pass it too.
 */
@Interceptor
public class OutboxWriter {

    /**
     * After the organisation stamp and Part 2 label lift (order 0, security/OrganisationStamp), which may still correct
     * a record's tags before commit: the rule must read the final ones.
     */
    private static final int AFTER_THE_STAMP = 100;

    private final PartnerRegistry registry;
    private final Entitlement entitlement;
    private final OutboxRows outbox;

    OutboxWriter(PartnerRegistry registry, Entitlement entitlement, OutboxRows outbox) {
        this.registry = registry;
        this.entitlement = entitlement;
        this.outbox = outbox;
    }

    @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = AFTER_THE_STAMP)
    public void created(IBaseResource resource, RequestDetails request) {
        queue(resource, Operation.CREATE, request);
    }

    @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = AFTER_THE_STAMP)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        // HAPI's $meta-add/$meta-delete (the organisation stamp's corrections) report an update of the same version
        if (!Objects.equals(previous.getIdElement().getVersionIdPart(), resource.getIdElement().getVersionIdPart())) {
            queue(resource, Operation.UPDATE, request);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED, order = AFTER_THE_STAMP)
    public void deleted(IBaseResource resource, RequestDetails request) {
        queue(resource, Operation.DELETE, request); // HAPI gives the last content with the deletion's version id
    }

    private void queue(IBaseResource resource, Operation operation, RequestDetails request) {
        if (!DeliveredRecord.delivered(resource)) {
            return;
        }
        // what a partner wrote is not sent back to it; the server's own derivations (a score) are no partner's write
        String writer = Writer.of(request).map(Writer::partner).orElse(null);
        List<Partner> candidates = registry.all().stream()
                .filter(partner -> partner.receives().contains(resource.fhirType()) && !partner.id().equals(writer)).toList();
        if (candidates.isEmpty()) {
            return; // the common case without receivers costs no more than this
        }
        DeliveredRecord record = entitlement.describe(resource);
        Instant now = Instant.now();
        long version = resource.getIdElement().getVersionIdPartAsLong();
        for (Partner partner : candidates) {
            if (entitlement.verdict(partner, record, now).entitled()) {
                WriteGroup.current(outbox).add(new OutboxRow(partner.id(), record.orderKey(), record.type(), record.id(),
                        version, operation, record.part2(), rank(resource)));
            }
        }
    }

    /** A receiver needs the patient before its records, and a response before the score derived from it. */
    private static int rank(IBaseResource resource) {
        if ("Patient".equals(resource.fhirType())) {
            return 0;
        }
        return resource instanceof Observation observation && observation.hasDerivedFrom() ? 2 : 1;
    }
}
