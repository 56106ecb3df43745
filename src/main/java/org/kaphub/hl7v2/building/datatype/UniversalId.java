package org.kaphub.hl7v2.building.datatype;

/**
 * An identifier system as HD/EI universal id and its type, the inverse of how the inbound side reads one
 * ({@link org.kaphub.hl7v2.mapping.IdentifierSystems}): urn:oid → the OID, ISO; urn:uuid → the UUID, UUID; any other
 * URI as is, URI.
 */
record UniversalId(String id, String type) {

    static UniversalId of(String system) {
        if (system.startsWith("urn:oid:")) {
            return new UniversalId(system.substring("urn:oid:".length()), "ISO");
        }
        if (system.startsWith("urn:uuid:")) {
            return new UniversalId(system.substring("urn:uuid:".length()), "UUID");
        }
        return new UniversalId(system, "URI");
    }
}
