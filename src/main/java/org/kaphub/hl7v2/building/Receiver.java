package org.kaphub.hl7v2.building;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to speak HL7 v2 to one receiving partner (the partner registry's {@code hl7v2-out} block).
 *
 * @param version              MSH-12, 2.3 … 2.8 (the message is built in the v2.8 model; fields a version lacks stay
 *                             empty)
 * @param sendingApplication   MSH-3 as ER7 HD components, e.g. {@code KAPHUB} or {@code KAPHUB^2.16.840.1.113883.3.9999^ISO}
 * @param sendingFacility      MSH-4, likewise
 * @param receivingApplication MSH-5, likewise
 * @param receivingFacility    MSH-6, likewise
 * @param characterSet         MSH-18 (e.g. {@code UNICODE UTF-8}); null: none sent, ASCII expected
 * @param namespaces           identifier system → the HD namespace id the receiver knows it by (CX-4.1); a system
 *                             not listed goes out as its universal id (urn:oid → ISO, other URIs → URI)
 */
public record Receiver(String version,
                       String sendingApplication,
                       String sendingFacility,
                       String receivingApplication,
                       String receivingFacility,
                       String characterSet,
                       Map<String, String> namespaces) {

    public static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8");

    public Receiver {
        Objects.requireNonNull(version, "version");
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("HL7 v2 version " + version + " is not one of " + VERSIONS);
        }
        namespaces = Map.copyOf(namespaces);
    }

    public Optional<String> namespaceOf(String system) {
        return Optional.ofNullable(namespaces.get(system));
    }
}
