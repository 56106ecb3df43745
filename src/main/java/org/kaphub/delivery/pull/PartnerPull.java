package org.kaphub.delivery.pull;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.partners.Partner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;

/**
 * One poll of one partner (route {@code delivery-pull}): for each type of its {@code pull:} entry, a search from the
 * high-water mark minus the overlap, sorted by {@code _lastUpdated}, with the Patients the records refer to, page by
 * page along the partner's {@code next} links; each record stored by {@link PullStore}. A partner that cannot be read
 * (down, time-out, an error answer) is logged without content and polled again at its next interval, from the same mark.
 */
@Component("partnerPull")
public class PartnerPull {

    private static final Logger log = LoggerFactory.getLogger(PartnerPull.class);
    private static final String LAST_UPDATED = "_lastUpdated";

    /** What one poll did. */
    public record Report(String partner, int stored, int unchanged, int refused, boolean failed) {
    }

    private final PartnerFhirClients clients;
    private final PulledTransactions transactions;
    private final PullStore store;
    private final PullMarks marks;
    private final PullProperties properties;
    private final MeterRegistry meters;

    PartnerPull(PartnerFhirClients clients, PullStore store, PullMarks marks, PullProperties properties, MeterRegistry meters) {
        this.clients = clients;
        this.transactions = new PulledTransactions(clients.context());
        this.store = store;
        this.marks = marks;
        this.properties = properties;
        this.meters = meters;
    }

    public Report poll(Partner partner) {
        Map<PullStore.Outcome, Integer> counts = new EnumMap<>(PullStore.Outcome.class);
        boolean failed = false;
        for (String type : partner.pulled().map(Partner.Pull::resourceTypes).orElse(List.of())) {
            try {
                pollType(partner, type, counts);
            } catch (PullStore.StorageUnavailable e) {
                failed = true;
                log.warn("Pull from partner {} ({}) stopped, KAP Hub could not store ({}); tried again at its next interval",
                        partner.id(), type, e.getCause().getClass().getSimpleName());
                break;
            } catch (BaseServerResponseException | PartnerAnswerRefused e) {
                failed = true;
                log.warn("Pull from partner {} ({}) failed, tried again at its next interval: {}", partner.id(), type, why(e));
                break; // the other types would fail the same way
            } catch (RuntimeException e) {
                if (!PullFailures.transientFailure(e)) {
                    throw e; // a bug: the route's error handler logs it
                }
                failed = true;
                log.warn("Pull from partner {} ({}) stopped, KAP Hub's database is unavailable ({}); tried again at its next interval",
                        partner.id(), type, e.getClass().getSimpleName());
                break;
            }
        }
        meters.counter("kap.pull.polls", "partner", partner.id(), "outcome", failed ? "failed" : "ok").increment();
        return new Report(partner.id(), counts.getOrDefault(PullStore.Outcome.STORED, 0),
                counts.getOrDefault(PullStore.Outcome.UNCHANGED, 0), counts.getOrDefault(PullStore.Outcome.REFUSED, 0), failed);
    }

    private void pollType(Partner partner, String type, Map<PullStore.Outcome, Integer> counts) {
        IGenericClient client = clients.forPartner(partner);
        Instant mark = marks.current(partner.id(), type);
        IQuery<Bundle> query = client.search().forResource(type).returnBundle(Bundle.class)
                .count(properties.pageSize()).sort().ascending(LAST_UPDATED);
        if (!mark.equals(PullMarks.NONE)) {
            query = query.where(new DateClientParam(LAST_UPDATED).afterOrEquals().millis(utc(mark.minus(properties.overlap()))));
        }
        subjectInclude(type).ifPresent(query::include);
        Bundle page = query.execute();
        Map<String, Patient> patients = new HashMap<>();
        Instant newest = null;
        boolean inOrder = true;
        for (int pages = 1; ; pages++) {
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                if (entry.getResource() instanceof Patient patient && entry.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE) {
                    patients.put(patient.getIdElement().getIdPart(), patient);
                }
            }
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                Resource resource = entry.getResource();
                if (resource == null || !type.equals(resource.fhirType()) || entry.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE) {
                    continue;
                }
                Instant lastUpdated = resource.getMeta().hasLastUpdated() ? resource.getMeta().getLastUpdated().toInstant() : null;
                if (lastUpdated != null && newest != null && lastUpdated.isBefore(newest) && inOrder) {
                    inOrder = false;
                    log.warn("Pull from partner {} ({}): the answer is not sorted by _lastUpdated; the mark moves once the poll is read",
                            partner.id(), type);
                }
                if (lastUpdated != null && (newest == null || lastUpdated.isAfter(newest))) {
                    newest = lastUpdated;
                }
                PulledRecord record = transactions.map(partner, resource, id -> patient(client, patients, id));
                PullStore.Outcome outcome = store.store(partner, type, record, inOrder);
                counts.merge(outcome, 1, Integer::sum);
                meters.counter("kap.pull.records", "partner", partner.id(), "type", type,
                        "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
            }
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            if (next == null || !next.hasUrl()) {
                break; // read to the end
            }
            if (pages >= properties.maxPages()) {
                return; // the rest at the next poll, from the mark reached
            }
            if (!sameServer(partner.endpoint(), next.getUrl())) {
                throw new PartnerAnswerRefused("its next link points to another server");
            }
            page = client.loadPage().next(page).execute();
        }
        if (!inOrder && newest != null) {
            store.advance(partner, type, newest);
        }
    }

    /** The partner's Patient, from the page's includes or read; empty when it has none with this id. */
    private static Optional<Patient> patient(IGenericClient client, Map<String, Patient> patients, String id) {
        Patient known = patients.get(id);
        if (known == null) {
            try {
                known = client.read().resource(Patient.class).withId(id).execute();
            } catch (ResourceNotFoundException | ResourceGoneException e) {
                return Optional.empty();
            }
            patients.put(id, known);
        }
        return Optional.of(known);
    }

    /** {@code <type>:subject} when the type has that search parameter (MedicationRequest, CarePlan, …). */
    private Optional<Include> subjectInclude(String type) {
        return clients.context().getResourceDefinition(type).getSearchParam("subject") != null
                ? Optional.of(new Include(type + ":subject")) : Optional.empty();
    }

    /** Our own credentials go to the partner's server only. */
    private static boolean sameServer(String endpoint, String url) {
        try {
            URI base = URI.create(endpoint);
            URI next = URI.create(url);
            return Objects.equals(base.getScheme(), next.getScheme()) && Objects.equals(base.getHost(), next.getHost())
                    && base.getPort() == next.getPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String utc(Instant instant) {
        return new InstantType(Date.from(instant), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC")).getValueAsString();
    }

    /** Status and kind only: a partner's error text can quote its data. */
    private static String why(RuntimeException e) {
        if (e instanceof BaseServerResponseException answer && !(e instanceof FhirClientConnectionException)) {
            return "HTTP " + answer.getStatusCode() + " (" + e.getClass().getSimpleName() + ")";
        }
        if (e instanceof PartnerAnswerRefused refused) {
            return refused.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "not reachable (" + root.getClass().getSimpleName() + ")";
    }

    /** An answer KAP Hub does not follow. */
    private static final class PartnerAnswerRefused extends RuntimeException {
        PartnerAnswerRefused(String why) {
            super(why, null, false, false);
        }
    }
}
