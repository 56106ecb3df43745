package org.kaphub.partners;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every organisation the registry names exists as {@code Organization/<id>}, so an organisation-limited partner
 * works with no set-up of its own. A missing (or deleted) one is created with the name of the first partner naming
 * it; an existing one keeps everything but its name, which follows the registry.
 */
@Component
class PartnerOrganizations {

    private final DaoRegistry daos;

    PartnerOrganizations(DaoRegistry daos) {
        this.daos = daos;
    }

    /** @return how many Organizations were created or renamed */
    int ensure(List<Partner> partners) {
        Map<String, String> names = new LinkedHashMap<>();
        partners.forEach(partner -> partner.organizations().forEach(id -> names.putIfAbsent(id, partner.name())));
        IFhirResourceDao<Organization> dao = daos.getResourceDao(Organization.class);
        int changed = 0;
        for (Map.Entry<String, String> organization : names.entrySet()) {
            SystemRequestDetails request = new SystemRequestDetails();
            // a search, not a read: a read's "not found" would mark the surrounding transaction rollback-only
            List<IBaseResource> found = dao.search(SearchParameterMap.newSynchronous("_id", new TokenParam(organization.getKey())),
                    request).getResources(0, 1);
            Organization existing = found.isEmpty() ? null : (Organization) found.get(0);
            if (existing == null) {
                Organization created = new Organization().setActive(true).setName(organization.getValue());
                created.setId(organization.getKey());
                dao.update(created, request);
                changed++;
            } else if (!organization.getValue().equals(existing.getName())) {
                existing.setName(organization.getValue());
                dao.update(existing, request);
                changed++;
            }
        }
        return changed;
    }
}
