package org.kaphub.profiles;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Installs the KAP guide's conformance resources (profiles, extensions, ValueSets, CodeSystems, Questionnaires)
 * into the FHIR store at start-up, under the ids SUSHI gave them. Stored, they are served at /fhir like any
 * resource, found by HAPI's validation support by canonical URL, and listed in the CapabilityStatement.
 *
 * <p>Runs before the HTTP and MLLP listeners open (like {@code ResourceTypeTable}), so no write is ever checked
 * against a profile that is not there yet. An unchanged resource is not versioned again on restart: HAPI
 * recognises an update that changes nothing.
 */
@Component
class ProfileInstaller implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ProfileInstaller.class);

    private final KapGuide guide;
    private final DaoRegistry daos;
    private final ProfileEnforcement enforcement;

    ProfileInstaller(KapGuide guide, DaoRegistry daos, ProfileEnforcement enforcement) {
        this.guide = guide;
        this.daos = daos;
        this.enforcement = enforcement;
    }

    @Override
    public void afterSingletonsInstantiated() {
        long start = System.nanoTime();
        int changed = 0;
        for (IBaseResource resource : guide.conformanceResources()) {
            DaoMethodOutcome outcome = daos.getResourceDao(resource.fhirType())
                    .update(resource, new SystemRequestDetails());
            if (!outcome.isNop()) {
                changed++;
            }
        }
        log.info("KAP implementation guide installed: {} conformance resources ({} new or changed), {} ms",
                guide.conformanceResources().size(), changed, (System.nanoTime() - start) / 1_000_000);
        long warm = System.nanoTime();
        List<String> failed = enforcement.warmUp(guide.examples());
        if (!failed.isEmpty()) {
            log.warn("KAP guide examples refused by the server's own validation: {}", failed);
        }
        log.info("KAP profile validation warmed up on the guide's examples, {} ms", (System.nanoTime() - warm) / 1_000_000);
    }
}
