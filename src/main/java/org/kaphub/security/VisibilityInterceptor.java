package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.BaseStorageDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.StorageResponseCodeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.audit.AuditTrail;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.Set;

/**
 * The visibility rule ({@link Visibility}) on every FHIR path: attached to each request, added to every search
 * (searches, counts, totals, every page, conditional-operation matches), and checked with the same rule on whatever
 * goes out otherwise (read, vread, history, {@code _include}/{@code _revinclude}) and on every write to an existing
 * record. A hidden record answers exactly as an absent one: 404 for a read, left out of bundles, and the absent-id
 * answer for a write.
 */
@Interceptor
class VisibilityInterceptor {

    /** Requests whose resources may be earlier versions: judged by the record's current version too. */
    private static final Set<RestOperationTypeEnum> VERSIONED = EnumSet.of(RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_TYPE, RestOperationTypeEnum.HISTORY_SYSTEM,
            RestOperationTypeEnum.GET_PAGE);
    /**
     * Writes whose outcome holds the record the client has just written (a hidden existing record is refused before,
     * a hidden conditional match never matches). HAPI also runs the pre-access hook on that outcome, and inside a
     * transaction uses the outcome's resource for its final save: withholding it there (a new Part 2 record of a
     * client without the grant, a record stamped only at commit) would lose the record.
     */
    private static final Set<RestOperationTypeEnum> WRITES = EnumSet.of(RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.TRANSACTION);
    private static final Set<RestOperationTypeEnum> BY_ID = EnumSet.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.UPDATE,
            RestOperationTypeEnum.DELETE);

    /** Per request: index of a DELETE entry naming a hidden record → the id it named (see deletesOfHiddenAsAbsent). */
    private static final String HIDDEN_DELETES = VisibilityInterceptor.class.getName() + ".hiddenDeletes";

    private final ClientRegistry registry;
    private final Part2Labels labels;
    private final DaoRegistry daos;
    private final FhirContext fhir;
    private final AuditTrail audit;
    private final SearchOwners owners;

    VisibilityInterceptor(ClientRegistry registry, Part2Labels labels, DaoRegistry daos, FhirContext fhir, AuditTrail audit,
                          SearchOwners owners) {
        this.registry = registry;
        this.labels = labels;
        this.daos = daos;
        this.fhir = fhir;
        this.audit = audit;
        this.owners = owners;
    }

    /** The client's rule travels with the request (HAPI's search threads and sub-requests read it from there). */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean attach(RequestDetails request) {
        KapPrincipal.current(registry).ifPresent(principal -> {
            new Visibility(principal.clientId(), principal.allowedOrganizations(), principal.part2(), labels.labels())
                    .attachTo(request);
            principal.writer().attachTo(request); // whose patients it writes: ownership/'s rule
        });
        return true;
    }

    /** A request naming one record the client cannot see is answered before HAPI looks, as for an absent id. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void byId(RequestDetails request, RestOperationTypeEnum operation) {
        Visibility visibility = Visibility.of(request);
        if (visibility != null && visibility.restricted()) {
            deletesOfHiddenAsAbsent(request, visibility);
        }
        IIdType id = request.getId();
        if (visibility == null || !visibility.restricted() || !BY_ID.contains(operation) || id == null || !id.hasIdPart()
                || request.getResourceName() == null) {
            return;
        }
        String type = request.getResourceName();
        Optional<Visibility.Marks> current = currentMarks(type, id.getIdPart());
        if (current.isEmpty() || visibility.judge(type, current.get(), fhir) == Visibility.Verdict.VISIBLE) {
            return;
        }
        if (current.get().part2() && !visibility.part2()) {
            withheld(visibility, type + "/" + id.getIdPart(), request);
        }
        if (operation == RestOperationTypeEnum.DELETE) {
            String message = deleteOfAbsentMessage(request.getId().getValue());
            throw new UnclassifiedServerFailureException(200, message, deleteOfAbsentOutcome(message));
        }
        throw absent(type, id.getIdPart());
    }

    /**
     * A DELETE entry of a transaction or batch naming a record the client cannot see. HAPI answers an absent id there
     * with 204 and "not deleted, does not exist", and the whole transaction goes on; a refusal at storage would fail
     * it with 404 instead — an oracle. So the entry is pointed at an id nothing has (a fresh UUID) and its response
     * outcome, on the way out ({@link #outgoing}), names the id the client sent: the answer of an absent id.
     */
    private void deletesOfHiddenAsAbsent(RequestDetails request, Visibility visibility) {
        Map<Integer, String> hidden = new HashMap<>();
        List<Bundle.BundleEntryComponent> entries = BundleRequests.entries(request);
        for (int i = 0; i < entries.size(); i++) {
            Bundle.BundleEntryRequestComponent entry = entries.get(i).getRequest();
            if (entry.getMethod() != Bundle.HTTPVerb.DELETE || entry.getUrl() == null || entry.getUrl().contains("?")) {
                continue; // conditional deletes are narrowed in the query: a hidden record never matches
            }
            IdType target = new IdType(entry.getUrl());
            if (!target.hasResourceType() || !target.hasIdPart() || target.isAbsolute()) {
                continue;
            }
            String type = target.getResourceType();
            Optional<Visibility.Marks> current = currentMarks(type, target.getIdPart());
            if (current.isPresent() && visibility.judge(type, current.get(), fhir) != Visibility.Verdict.VISIBLE) {
                if (current.get().part2() && !visibility.part2()) {
                    withheld(visibility, type + "/" + target.getIdPart(), request);
                }
                hidden.put(i, type + "/" + target.getIdPart());
                entry.setUrl(type + "/" + UUID.randomUUID());
            }
        }
        if (!hidden.isEmpty()) {
            request.getUserData().put(HIDDEN_DELETES, hidden);
        }
    }

    /** Every search — REST, paging, counts, and the matches of conditional create/update/delete — narrowed in SQL. */
    @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
    public void narrow(RequestDetails request, SearchParameterMap map, ICachedSearchDetails search) {
        Visibility visibility = Visibility.of(request);
        if (visibility != null && visibility.restricted()) {
            visibility.narrow(map, search.getResourceType(), fhir);
        }
    }

    /**
     * HAPI keys its search cache by the query before narrowing; reusing a result set could hand one client's
     * narrowed (or unnarrowed) results to another. Never reuse.
     */
    @Hook(Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
    public boolean neverReuseSearches() {
        return false;
    }

    @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
    public void beforeAccess(RequestDetails request, IPreResourceAccessDetails details) {
        Visibility visibility = Visibility.of(request);
        if (visibility == null || !visibility.restricted() || WRITES.contains(request.getRestOperationType())) {
            return;
        }
        for (int i = 0; i < details.size(); i++) {
            if (!sees(visibility, details.getResource(i), request)) {
                details.setDontReturnResourceAtIndex(i);
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void beforeShow(RequestDetails request, IPreResourceShowDetails details) {
        Visibility visibility = Visibility.of(request);
        if (visibility == null || !visibility.restricted() || WRITES.contains(request.getRestOperationType())) {
            return;
        }
        for (int i = 0; i < details.size(); i++) {
            IBaseResource resource = details.getResource(i);
            if (resource != null && !sees(visibility, resource, request)) {
                details.setResource(i, null);
            }
        }
    }

    /** Update (also inside transactions, also conditional): a hidden record is an absent one. PATCH never gets here (PatchRefusal). */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(RequestDetails request, IBaseResource previous, IBaseResource resource) {
        refuseHidden(request, previous);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(RequestDetails request, IBaseResource resource) {
        refuseHidden(request, resource);
    }

    /**
     * HAPI creates a record by PUT to an absent client-assigned id. A client that can have hidden records may not:
     * a PUT to an id it cannot see — absent or hidden — is 404 either way, so the answer says nothing about the id.
     */
    @Hook(Pointcut.STORAGE_PRESTORAGE_CLIENT_ASSIGNED_ID)
    public void clientAssignedId(RequestDetails request, IBaseResource resource) {
        Visibility visibility = Visibility.of(request);
        if (visibility != null && visibility.restricted()) {
            throw absent(fhir.getResourceType(resource), resource.getIdElement().getIdPart());
        }
    }

    /** Paging links are bound to the client that searched; history totals would count hidden versions. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, IBaseResource response) {
        Visibility visibility = Visibility.of(request);
        if (visibility == null || !(response instanceof Bundle bundle)) {
            return true;
        }
        if (visibility.restricted() && bundle.getType() == Bundle.BundleType.HISTORY) {
            bundle.setTotalElement(null);
        }
        if (request.getUserData().get(HIDDEN_DELETES) instanceof Map<?, ?> hidden) {
            hidden.forEach((index, id) -> {
                if ((Integer) index < bundle.getEntry().size()) {
                    bundle.getEntry().get((Integer) index).getResponse()
                            .setOutcome((Resource) deleteOfAbsentOutcome(deleteOfAbsentMessage((String) id)));
                }
            });
        }
        if (request.getRestOperationType() != RestOperationTypeEnum.GET_PAGE) {
            for (Bundle.BundleLinkComponent link : bundle.getLink()) {
                pageId(link.getUrl()).ifPresent(searchId -> owners.claim(searchId, visibility.clientId()));
            }
        }
        return true;
    }

    private void refuseHidden(RequestDetails request, IBaseResource existing) {
        Visibility visibility = Visibility.of(request);
        if (visibility == null || !visibility.restricted() || existing == null) {
            return;
        }
        String type = fhir.getResourceType(existing);
        if (visibility.judge(type, Visibility.marks(existing, labels), fhir) != Visibility.Verdict.VISIBLE) {
            throw absent(type, existing.getIdElement().getIdPart());
        }
    }

    private boolean sees(Visibility visibility, IBaseResource resource, RequestDetails request) {
        String type = fhir.getResourceType(resource);
        Visibility.Verdict verdict = visibility.judge(type, Visibility.marks(resource, labels), fhir);
        if (verdict == Visibility.Verdict.VISIBLE && VERSIONED.contains(request.getRestOperationType())
                && resource.getIdElement().hasIdPart()) {
            // an earlier version is shown only while the record itself may be seen
            verdict = currentMarks(type, resource.getIdElement().getIdPart())
                    .map(current -> visibility.judge(type, current, fhir)).orElse(Visibility.Verdict.VISIBLE);
        }
        if (verdict == Visibility.Verdict.PART2) {
            withheld(visibility, type + "/" + resource.getIdElement().getIdPart(), request);
        }
        return verdict == Visibility.Verdict.VISIBLE;
    }

    /**
     * The organisations and Part 2 labels of the record's current version, as stored (deleted records too). Read as
     * a resource, not an entity: the entity's tags are lazy and this runs outside HAPI's transaction.
     */
    private Optional<Visibility.Marks> currentMarks(String type, String id) {
        if (!daos.isResourceTypeSupported(type)) {
            return Optional.empty();
        }
        try {
            IBaseResource current = daos.getResourceDao(type).read(new IdType(type, id), new SystemRequestDetails(), true);
            return Optional.of(Visibility.marks(current, labels));
        } catch (ResourceNotFoundException | ResourceGoneException unknown) {
            return Optional.empty();
        }
    }

    private void withheld(Visibility visibility, String reference, RequestDetails request) {
        String address = request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : null;
        audit.part2Filtered(visibility.clientId(), reference, address);
    }

    /** HAPI's own answer for a read of an id it does not know (IdHelperService). */
    static ResourceNotFoundException absent(String type, String id) {
        return new ResourceNotFoundException(Msg.code(2001) + "Resource " + type + "/" + id + " is not known");
    }

    /** HAPI's own answer (200, or 204 in a Bundle, and this informational outcome) for deleting an id it does not know. */
    private String deleteOfAbsentMessage(String id) {
        return fhir.getLocalizer().getMessage(BaseStorageDao.class, "deleteResourceNotExisting", new IdType(id));
    }

    private IBaseOperationOutcome deleteOfAbsentOutcome(String message) {
        return OperationOutcomeUtil.createOperationOutcome("information", message, "informational", fhir,
                StorageResponseCodeEnum.SUCCESSFUL_DELETE_NOT_FOUND);
    }

    private static Optional<String> pageId(String url) {
        if (url == null) {
            return Optional.empty();
        }
        int at = url.indexOf("_getpages=");
        if (at < 0) {
            return Optional.empty();
        }
        String rest = url.substring(at + "_getpages=".length());
        int end = rest.indexOf('&');
        return Optional.of(end < 0 ? rest : rest.substring(0, end)).filter(id -> !id.isBlank());
    }
}
