package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.dao.data.IResourceSearchUrlDao;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.ResourceSearchUrlEntity;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.search.ResourceSearchUrlSvc;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.persistence.EntityManager;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HAPI guards conditional creates against concurrent duplicates with a unique row per match URL (HFJ_RES_SEARCH_URL,
 * kept an hour). Keyed by the URL as the client wrote it, that row turns a restricted client's create into a 409 when
 * a record it cannot see was created through the same URL: an oracle. Keyed here by the URL as narrowed for the
 * writer ({@link Visibility#narrowingQuery}), so clients with the same view still never duplicate, and clients with
 * different views never meet. The writer's view comes from the create's own pre-storage hook, on the same thread.
 */
@Interceptor
class NarrowedSearchUrls extends ResourceSearchUrlSvc {

    private static final ThreadLocal<Visibility> WRITER = new ThreadLocal<>();

    private final EntityManager entityManager;
    private final MatchUrlService matchUrls;
    private final FhirContext fhir;
    private final PartitionSettings partitions;

    NarrowedSearchUrls(EntityManager entityManager, IResourceSearchUrlDao dao, MatchUrlService matchUrls, FhirContext fhir,
                       PartitionSettings partitions) {
        super(entityManager, dao, matchUrls, fhir, partitions);
        this.entityManager = entityManager;
        this.matchUrls = matchUrls;
        this.fhir = fhir;
        this.partitions = partitions;
    }

    /** Every create, the server's own included (no view: HAPI's key unchanged), says who is writing before it is stored. */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void writer(IBaseResource resource, RequestDetails request) {
        Visibility visibility = Visibility.of(request);
        if (visibility != null && visibility.restricted()) {
            WRITER.set(visibility);
        } else {
            WRITER.remove();
        }
    }

    @Override
    public void enforceMatchUrlResourceUniqueness(String resourceName, String matchUrl, ResourceTable resourceTable) {
        Visibility writer = WRITER.get();
        if (writer == null) {
            super.enforceMatchUrlResourceUniqueness(resourceName, matchUrl, resourceTable);
            return;
        }
        // HAPI's key (type + normalised query), then the view as a digest: the narrowing in full would outgrow the
        // 768-character column once a dozen Part 2 labels are listed.
        SearchParameterMap map = matchUrls.translateMatchUrl(matchUrl, fhir.getResourceDefinition(resourceName));
        String view = writer.narrowingQuery(resourceName, fhir);
        String key = resourceName + map.toNormalizedQueryString(fhir) + "#view=" + sha256(view).substring(0, 16);
        entityManager.persist(ResourceSearchUrlEntity.from(key, resourceTable, partitions.isConditionalCreateDuplicateIdentifiersEnabled()));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
