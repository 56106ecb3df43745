package org.kaphub.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The upgrade from the version that kept AuditEvents as HAPI resources: at start-up every AuditEvent HAPI holds is
 * appended to the {@link AuditLog} once, with its {@code recorded}; HAPI's copies stay as they are. Each copy is
 * marked in {@code KAP_AUDIT_IMPORT} in the transaction that appends it, so a restart, or a second node starting at
 * the same time, copies nothing twice (a node that loses the race on a page rolls it back and skips what the other
 * copied). An ApplicationRunner, not a Liquibase change: it reads through HAPI's DAO, which needs HAPI's schema
 * migrated and its search machinery running — neither is there while Liquibase runs.
 */
@Component
class HapiAuditImport implements ApplicationRunner {

    static final int PAGE = 500;
    private static final Logger log = LoggerFactory.getLogger(HapiAuditImport.class);

    private final DaoRegistry daos;
    private final AuditLog auditLog;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    HapiAuditImport(DaoRegistry daos, AuditLog auditLog, JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.daos = daos;
        this.auditLog = auditLog;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public void run(ApplicationArguments args) {
        int held = held();
        int copied = jdbc.sql("SELECT COUNT(*) FROM KAP_AUDIT_IMPORT").query(Integer.class).single();
        if (held > copied) { // after the upgrade's first start: equal, and only the counts are read
            log.info("Copying {} AuditEvent(s) kept by HAPI into the audit log", held - copied);
            log.info("Copied {} AuditEvent(s) kept by HAPI into the audit log", copyAll());
        }
    }

    /** Appends every AuditEvent HAPI holds that is not in the log yet; returns how many this call appended. */
    int copyAll() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.addHeader(Constants.HEADER_CACHE_CONTROL, Constants.CACHE_CONTROL_NO_CACHE); // not a cached earlier result
        IBundleProvider stored = dao().search(new SearchParameterMap(), request);
        int appended = 0;
        for (int from = 0; ; from += PAGE) {
            List<IBaseResource> page = stored.getResources(from, from + PAGE);
            if (page.isEmpty()) {
                return appended;
            }
            appended += copyPage(page);
        }
    }

    private int copyPage(List<IBaseResource> page) {
        try {
            return transaction.execute(status -> copy(page));
        } catch (DuplicateKeyException anotherNode) {
            return transaction.execute(status -> copy(page)); // it committed some of them: the rest are ours
        }
    }

    private int copy(List<IBaseResource> page) {
        List<String> ids = page.stream().map(resource -> resource.getIdElement().getIdPart()).toList();
        Set<String> done = new HashSet<>(jdbc.sql("SELECT HAPI_ID FROM KAP_AUDIT_IMPORT WHERE HAPI_ID IN (:ids)")
                .param("ids", ids).query(String.class).list());
        List<String> hapiIds = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (IBaseResource resource : page) {
            String hapiId = resource.getIdElement().getIdPart();
            if (done.add(hapiId)) {
                AuditEvent event = ((AuditEvent) resource).copy();
                event.setIdElement(null);
                event.getMeta().setVersionIdElement(null).setLastUpdatedElement(null).setSource(null); // HAPI's, not the event's
                hapiIds.add(hapiId);
                events.add(event);
            }
        }
        auditLog.append(events); // gives each event its id in the log
        for (int i = 0; i < events.size(); i++) {
            jdbc.sql("INSERT INTO KAP_AUDIT_IMPORT (HAPI_ID, AUDIT_ID) VALUES (?, ?)")
                    .params(hapiIds.get(i), events.get(i).getIdElement().getIdPartAsLong()).update();
        }
        return events.size();
    }

    private int held() {
        SearchParameterMap count = new SearchParameterMap();
        count.setSummaryMode(SummaryEnum.COUNT);
        count.setSearchTotalMode(SearchTotalModeEnum.ACCURATE);
        Integer size = dao().search(count, new SystemRequestDetails()).size();
        return size == null ? 0 : size;
    }

    private IFhirResourceDao<AuditEvent> dao() {
        return daos.getResourceDao(AuditEvent.class);
    }
}
