package org.kaphub.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A prescribing platform KAP Hub pulls from (delivery/pull tests): HAPI's plain {@link RestfulServer} in an embedded
 * Tomcat on 127.0.0.1, holding Patients, MedicationRequests and CarePlans in memory with the {@code meta.lastUpdated}
 * and {@code versionId} a test gives them. It answers {@code _lastUpdated} searches sorted by it, pages of
 * {@value #PAGE_SIZE} with {@code next} links, {@code _include=<type>:subject}, reads, and can be switched down
 * (503). One per JVM, started before the test contexts, which name its base in the test registry.
 */
public final class FhirPartnerSimulator {

    public static final int PAGE_SIZE = 3;

    private static FhirPartnerSimulator instance;

    private final Map<String, Resource> store = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private final int port;

    private FhirPartnerSimulator() {
        try {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("fhir-partner-").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "fhir", server());
            context.addServletMappingDecoded("/fhir/*", "fhir");
            tomcat.start();
            port = connector.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized FhirPartnerSimulator instance() {
        if (instance == null) {
            instance = new FhirPartnerSimulator();
        }
        return instance;
    }

    /** Its FHIR base URL, the partner's endpoint. */
    public String base() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    /**
     * Creates or replaces {@code resource} (it has a type and id) as the platform stores it: the next versionId, and
     * {@code lastUpdated} as given (the platform's clock).
     */
    public <R extends Resource> R put(R resource, Instant lastUpdated) {
        String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        Resource previous = store.get(key);
        int version = previous == null ? 1 : Integer.parseInt(previous.getMeta().getVersionId()) + 1;
        @SuppressWarnings("unchecked")
        R stored = (R) resource.copy();
        stored.setId(new IdType(resource.fhirType(), resource.getIdElement().getIdPart(), Integer.toString(version)));
        stored.getMeta().setVersionId(Integer.toString(version)).setLastUpdated(Date.from(lastUpdated));
        store.put(key, stored);
        return stored;
    }

    /** While down, every request is answered 503. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Every request received (path and query), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private RestfulServer server() {
        RestfulServer server = new RestfulServer(FhirContext.forR4());
        server.setResourceProviders(new Provider(Patient.class), new Provider(MedicationRequest.class), new Provider(CarePlan.class));
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
        paging.setDefaultPageSize(PAGE_SIZE);
        paging.setMaximumPageSize(PAGE_SIZE);
        server.setPagingProvider(paging);
        server.registerInterceptor(new Availability());
        return server;
    }

    @Interceptor
    public class Availability {
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
        public boolean incoming(HttpServletRequest request, HttpServletResponse response) throws IOException {
            requests.add(request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
            if (down) {
                response.sendError(503, "simulated outage");
                return false;
            }
            return true;
        }
    }

    /** One resource type of the store. */
    public class Provider implements IResourceProvider {
        private final Class<? extends Resource> type;

        Provider(Class<? extends Resource> type) {
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Read
        public Resource read(@IdParam IIdType id) {
            Resource found = store.get(type.getSimpleName() + "/" + id.getIdPart());
            if (found == null) {
                throw new ResourceNotFoundException(id);
            }
            return found.copy();
        }

        @Search(allowUnknownParams = true)
        public IBundleProvider search(@OptionalParam(name = Constants.PARAM_LASTUPDATED) DateRangeParam lastUpdated,
                                      @Sort SortSpec sort, @IncludeParam Set<Include> includes) {
            List<Resource> matches = new ArrayList<>();
            for (Resource resource : store.values()) {
                if (type.isInstance(resource) && within(lastUpdated, resource.getMeta().getLastUpdated())) {
                    matches.add(withSubject(resource.copy(), includes));
                }
            }
            if (sort != null) {
                matches.sort(Comparator.comparing(r -> r.getMeta().getLastUpdated()));
            }
            return new SimpleBundleProvider(matches);
        }

        private static boolean within(DateRangeParam range, Date date) {
            return range == null || (range.getLowerBoundAsInstant() == null || !date.before(range.getLowerBoundAsInstant()))
                    && (range.getUpperBoundAsInstant() == null || !date.after(range.getUpperBoundAsInstant()));
        }

        /** HAPI's plain server includes what a reference holds: the subject's Patient, when asked for. */
        private Resource withSubject(Resource resource, Set<Include> includes) {
            if (includes != null && includes.stream().anyMatch(i -> i.getValue().equals(type.getSimpleName() + ":subject"))
                    && resource.getNamedProperty("subject") != null) {
                for (var value : resource.getNamedProperty("subject").getValues()) {
                    if (value instanceof Reference subject && subject.getReference() != null) {
                        Resource patient = store.get(subject.getReferenceElement().toUnqualifiedVersionless().getValue());
                        if (patient != null) {
                            subject.setResource(patient.copy());
                        }
                    }
                }
            }
            return resource;
        }
    }
}
