package org.kaphub.profiles;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

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

    ProfileInstaller(KapGuide guide, DaoRegistry daos) {
        this.guide = guide;
        this.daos = daos;
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
    }
}
