package org.kaphub.partners;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One partner of the registry (README "Partner registry"): who it is (OAuth clients, TLS certificates, HL7 v2
 * senders), whose patients it may see and write (organisations, assigning authorities), which resource types,
 * whether 42 CFR Part 2 data may reach it, how it receives, and whether KAP Hub pulls from it ({@code pull}: null when
 * not). Empty {@code organizations} or {@code resourceTypes} mean no limit of that kind.
 * {@code assigningAuthorityNamespaces}: the identifier system each HL7 v2 assigning-authority namespace id it sends
 * stands for (README "How patient identity is resolved"). {@code outboundAuth}: how KAP Hub signs in at the partner's
 * authorization server when it pushes to or pulls from its FHIR endpoint (null: no authentication). {@code hl7v2Out}:
 * how KAP Hub speaks HL7 v2 to a partner receiving over MLLP (its defaults when the registry says nothing; null for
 * partners of other protocols).
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
                      Map<String, String> assigningAuthorityNamespaces,
                      Pull pull,
                      OutboundAuth outboundAuth,
                      Hl7v2Out hl7v2Out) {

    /** YAML spelling: clinic | prescribing-platform | ehr */
    public enum Kind { CLINIC, PRESCRIBING_PLATFORM, EHR }

    /** How the partner receives; YAML spelling: hl7v2-mllp | fhir-rest */
    public enum Protocol { HL7V2_MLLP, FHIR_REST }

    /**
     * Pulled from (README "Pull from prescribing platforms"): its FHIR endpoint is polled every {@code interval} for
     * new and changed resources of {@code resourceTypes} (and the Patients they reference).
     */
    public record Pull(Duration interval, List<String> resourceTypes) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
        public static final List<String> DEFAULT_RESOURCE_TYPES = List.of("MedicationRequest", "CarePlan");

        public Pull {
            resourceTypes = List.copyOf(resourceTypes);
        }
    }

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

    /** A partner that maps no namespace ids of its own, is not pulled from, and is sent to without authentication. */
    public Partner(String id, String name, Kind kind, Protocol protocol, String endpoint, Set<String> receives,
                   boolean part2, boolean enabled, Set<String> organizations, List<PartnerClient> clients,
                   Set<String> resourceTypes, List<String> certificateSubjects, List<Hl7v2Sender> hl7v2Senders,
                   Set<String> assigningAuthorities) {
        this(id, name, kind, protocol, endpoint, receives, part2, enabled, organizations, clients, resourceTypes,
                certificateSubjects, hl7v2Senders, assigningAuthorities, Map.of(), null, null);
    }

    /** A partner that is not pulled from and is sent to without authentication. */
    public Partner(String id, String name, Kind kind, Protocol protocol, String endpoint, Set<String> receives,
                   boolean part2, boolean enabled, Set<String> organizations, List<PartnerClient> clients,
                   Set<String> resourceTypes, List<String> certificateSubjects, List<Hl7v2Sender> hl7v2Senders,
                   Set<String> assigningAuthorities, Map<String, String> assigningAuthorityNamespaces) {
        this(id, name, kind, protocol, endpoint, receives, part2, enabled, organizations, clients, resourceTypes,
                certificateSubjects, hl7v2Senders, assigningAuthorities, assigningAuthorityNamespaces, null, null, null);
    }

    /** A partner sent to (and pulled from) without authentication. */
    public Partner(String id, String name, Kind kind, Protocol protocol, String endpoint, Set<String> receives,
                   boolean part2, boolean enabled, Set<String> organizations, List<PartnerClient> clients,
                   Set<String> resourceTypes, List<String> certificateSubjects, List<Hl7v2Sender> hl7v2Senders,
                   Set<String> assigningAuthorities, Map<String, String> assigningAuthorityNamespaces, Pull pull) {
        this(id, name, kind, protocol, endpoint, receives, part2, enabled, organizations, clients, resourceTypes,
                certificateSubjects, hl7v2Senders, assigningAuthorities, assigningAuthorityNamespaces, pull, null, null);
    }

    /** A partner without an {@code hl7v2-out} block (the registry gives MLLP partners the defaults). */
    public Partner(String id, String name, Kind kind, Protocol protocol, String endpoint, Set<String> receives,
                   boolean part2, boolean enabled, Set<String> organizations, List<PartnerClient> clients,
                   Set<String> resourceTypes, List<String> certificateSubjects, List<Hl7v2Sender> hl7v2Senders,
                   Set<String> assigningAuthorities, Map<String, String> assigningAuthorityNamespaces, Pull pull,
                   OutboundAuth outboundAuth) {
        this(id, name, kind, protocol, endpoint, receives, part2, enabled, organizations, clients, resourceTypes,
                certificateSubjects, hl7v2Senders, assigningAuthorities, assigningAuthorityNamespaces, pull, outboundAuth,
                null);
    }

    /** Whether it receives records: enabled, with a protocol and an endpoint. */
    public boolean receivesRecords() {
        return enabled && protocol != null && endpoint != null;
    }

    /** How it is pulled from; empty: it is not. */
    public Optional<Pull> pulled() {
        return Optional.ofNullable(pull);
    }

    public Optional<PartnerClient> client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** Limited to the patients of its organisations (else: every patient its scopes reach). */
    public boolean organisationLimited() {
        return !organizations.isEmpty();
    }
}
