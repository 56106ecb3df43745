package org.kaphub.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * HAPI adds a row to HFJ_RESOURCE_TYPE the first time a resource type is stored; two first writes of one
 * type at the same moment race on its unique key and one fails (HTTP 500, or a lost HL7 message). Filling
 * the table for every R4 type before the HTTP and MLLP listeners open removes the race.
 */
@Component
class ResourceTypeTable implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ResourceTypeTable.class);

    private final FhirContext fhirContext;
    private final IResourceTypeCacheSvc resourceTypes;

    ResourceTypeTable(FhirContext fhirContext, IResourceTypeCacheSvc resourceTypes) {
        this.fhirContext = fhirContext;
        this.resourceTypes = resourceTypes;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var types = fhirContext.getResourceTypes();
        types.forEach(resourceTypes::getResourceTypeId);
        log.info("Resource type table holds all {} R4 resource types", types.size());
    }
}
