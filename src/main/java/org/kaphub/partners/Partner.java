package org.kaphub.partners;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One partner of the registry (README "Partner registry"): who it is (OAuth clients, TLS certificates, HL7 v2
 * senders), whose patients it may see and write (organisations, assigning authorities), which resource types,
 * whether 42 CFR Part 2 data may reach it, and how it receives. Empty {@code organizations} or
 * {@code resourceTypes} mean no limit of that kind. {@code assigningAuthorityNamespaces}: the identifier system each
 * HL7 v2 assigning-authority namespace id it sends stands for (README "How patient identity is resolved").
 */
public record Partner(String id,
                      String name,
                      Kind kind,
                      Protocol protocol,
                      String endpoint,
                      Set<String> receives,
                      boolean part2,
                      boolean enabled,
                      Set<String> organizations,
                      List<PartnerClient> clients,
                      Set<String> resourceTypes,
                      List<String> certificateSubjects,
                      List<Hl7v2Sender> hl7v2Senders,
                      Set<String> assigningAuthorities,
                      Map<String, String> assigningAuthorityNamespaces) {

    /** YAML spelling: clinic | prescribing-platform | ehr */
    public enum Kind { CLINIC, PRESCRIBING_PLATFORM, EHR }

    /** How the partner receives; YAML spelling: hl7v2-mllp | fhir-rest */
    public enum Protocol { HL7V2_MLLP, FHIR_REST }

    public Partner {
        receives = Set.copyOf(receives);
        // in the registry's order: a new patient of an organisation-limited partner belongs to its first
        organizations = Collections.unmodifiableSet(new LinkedHashSet<>(organizations));
        clients = List.copyOf(clients);
        resourceTypes = Set.copyOf(resourceTypes);
        certificateSubjects = List.copyOf(certificateSubjects);
        hl7v2Senders = List.copyOf(hl7v2Senders);
        assigningAuthorities = Set.copyOf(assigningAuthorities);
        assigningAuthorityNamespaces = Map.copyOf(assigningAuthorityNamespaces);
    }

    /** A partner that maps no namespace ids of its own. */
    public Partner(String id, String name, Kind kind, Protocol protocol, String endpoint, Set<String> receives,
                   boolean part2, boolean enabled, Set<String> organizations, List<PartnerClient> clients,
                   Set<String> resourceTypes, List<String> certificateSubjects, List<Hl7v2Sender> hl7v2Senders,
                   Set<String> assigningAuthorities) {
        this(id, name, kind, protocol, endpoint, receives, part2, enabled, organizations, clients, resourceTypes,
                certificateSubjects, hl7v2Senders, assigningAuthorities, Map.of());
    }

    public Optional<PartnerClient> client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** Limited to the patients of its organisations (else: every patient its scopes reach). */
    public boolean organisationLimited() {
        return !organizations.isEmpty();
    }
}
