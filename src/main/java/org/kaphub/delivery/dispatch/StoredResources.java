package org.kaphub.delivery.dispatch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.delivery.channel.Outgoing;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * What a partner is to have of a resource: its current stored version, read through the DAO as a system request (no
 * client's limits apply: the entitlement check decides), or, when it has been deleted since, the deletion with its
 * last version before (whose identifier names it at the partner).
 */
@Component
class StoredResources {

    private final DaoRegistry daos;

    StoredResources(DaoRegistry daos) {
        this.daos = daos;
    }

    /** Empty when KAP Hub has no such resource (never had, or expunged). */
    Optional<Outgoing> outgoing(String type, String id) {
        Resource current;
        try {
            current = (Resource) daos.getResourceDao(type).read(new IdType(type, id), new SystemRequestDetails(), true);
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
        if (ResourceMetadataKeyEnum.DELETED_AT.get(current) == null) {
            return Optional.of(Outgoing.live(current));
        }
        // deleted: the versions before, newest first, until one with content (a delete makes one version)
        long deletedVersion = current.getIdElement().getVersionIdPartAsLong();
        for (long version = deletedVersion - 1; version >= 1; version--) {
            Optional<Resource> earlier = version(type, id, version);
            if (earlier.isPresent()) {
                return Optional.of(Outgoing.deleted(earlier.get()));
            }
        }
        return Optional.empty();
    }

    /** The current version, empty when deleted or unknown (a reference's target). */
    Optional<Resource> live(String reference) {
        IdType id = new IdType(reference);
        if (!daos.isResourceTypeSupported(id.getResourceType())) {
            return Optional.empty();
        }
        try {
            return Optional.of((Resource) daos.getResourceDao(id.getResourceType()).read(id.toVersionless(), new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** That version, empty when it is a deletion or unknown. */
    Optional<Resource> version(String type, String id, long version) {
        try {
            Resource resource = (Resource) daos.getResourceDao(type).read(new IdType(type, id, String.valueOf(version)),
                    new SystemRequestDetails(), true);
            return ResourceMetadataKeyEnum.DELETED_AT.get(resource) == null ? Optional.of(resource) : Optional.empty();
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }
}
