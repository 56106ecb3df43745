package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.v28.datatype.HD;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns an assigning authority (HD: namespace id ^ universal id ^ universal id type) into an Identifier.system.
 * The system is half of the key every later update is matched on, so it must be stable: a globally unique
 * universal id wins, then an operator-configured namespace, then a URI derived from the namespace itself.
 * <p>
 * For one sender ({@link #forSender}) a patient identifier's namespace id also resolves through what that sender
 * declared or showed: the same clinic sends {@code MAPLE&2.16…&ISO} on one interface and {@code MAPLE} alone on an
 * older one, and both must be one system. In order: the partner registry's mapping for the namespace, then the
 * universal id this sender sent with it before (learned), then kap.hl7v2.assigning-authorities, then the base.
 * A universal id that contradicts the registry's or the learned one is refused (103): one MRN would otherwise
 * become two patients without anyone noticing.
 */
public final class IdentifierSystems {

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final String fallbackBase;
    private final Map<String, String> systemsByNamespace;
    private final String defaultNamespace;
    /** The only systems a patient identifier may have (the sender's assigning authorities); empty: any. */
    private final Set<String> patientSystems;
    /** Namespace id → system for this sender's patient identifiers: its registry entry's, then learned from it. */
    private final Map<String, String> senderConfigured;
    private final Map<String, String> senderLearned;
    /**
     * Namespaces first seen with a universal id in the message being mapped; shared by the copies made for its
     * segments, null outside {@link #forSender} (nothing is learned then).
     */
    private final Map<String, String> learning;

    /**
     * @param fallbackBase       prefix for namespaces that are not configured, e.g. {@code https://kaphub.org/fhir/sid/}
     * @param systemsByNamespace HD-1 namespace id → system URI, for authorities whose real system is known
     */
    public IdentifierSystems(String fallbackBase, Map<String, String> systemsByNamespace) {
        this(checkedBase(fallbackBase), Map.copyOf(Objects.requireNonNull(systemsByNamespace, "systemsByNamespace")),
                null, Set.of(), Map.of(), Map.of(), null);
    }

    private IdentifierSystems(String fallbackBase, Map<String, String> systemsByNamespace, String defaultNamespace,
                              Set<String> patientSystems, Map<String, String> senderConfigured,
                              Map<String, String> senderLearned, Map<String, String> learning) {
        this.fallbackBase = fallbackBase;
        this.systemsByNamespace = systemsByNamespace;
        this.defaultNamespace = defaultNamespace;
        this.patientSystems = Set.copyOf(patientSystems);
        this.senderConfigured = senderConfigured;
        this.senderLearned = senderLearned;
        this.learning = learning;
    }

    private static String checkedBase(String fallbackBase) {
        if (fallbackBase == null || fallbackBase.isBlank()) {
            throw new IllegalArgumentException("fallbackBase is required");
        }
        return fallbackBase;
    }

    /**
     * The same mapping, but an identifier sent without any assigning authority is taken as assigned by
     * {@code namespace} — the sending facility (MSH-4), which is what a bare PID-3 means in practice: the sender's
     * own number. Without it such identifiers fail (101), because a system-less identifier can never be matched again.
     */
    public IdentifierSystems withDefaultNamespace(String namespace) {
        return new IdentifierSystems(fallbackBase, systemsByNamespace, namespace, patientSystems, senderConfigured,
                senderLearned, learning);
    }

    /**
     * The same mapping for a sender that may write only patients of these identifier systems (its partner's
     * assigning authorities): a patient identifier of any other system fails (103). Empty: no such limit.
     */
    public IdentifierSystems withPatientSystems(Set<String> systems) {
        return new IdentifierSystems(fallbackBase, systemsByNamespace, defaultNamespace, systems, senderConfigured,
                senderLearned, learning);
    }

    /**
     * The mapping for one message of one sender: its namespace ids resolve through {@code configured} (the partner
     * registry) and {@code learned} (what this sender sent with a universal id before), and what the message itself
     * shows for the first time is collected in {@link #learned()}, for the caller to store with the message's writes.
     */
    public IdentifierSystems forSender(Map<String, String> configured, Map<String, String> learned) {
        return new IdentifierSystems(fallbackBase, systemsByNamespace, defaultNamespace, patientSystems,
                Map.copyOf(configured), Map.copyOf(learned), new LinkedHashMap<>());
    }

    /** Namespace id → system first seen with a universal id in the message mapped with this instance. */
    public Map<String, String> learned() {
        return learning == null ? Map.of() : Map.copyOf(learning);
    }

    /**
     * {@code system} and the systems a namespace that now resolves to it had before it did ({@code <base><namespace>}):
     * a patient stored from {@code MAPLE} alone before {@code MAPLE&2.16…&ISO} was first seen is still the same patient.
     */
    public List<String> matchingSystems(String system) {
        Set<String> systems = new LinkedHashSet<>();
        systems.add(system);
        Set<String> namespaces = new TreeSet<>(senderConfigured.keySet()); // sorted: the same search URL every time
        namespaces.addAll(senderLearned.keySet());
        namespaces.addAll(systemsByNamespace.keySet());
        if (learning != null) {
            namespaces.addAll(learning.keySet());
        }
        for (String namespace : namespaces) {
            if (system.equals(resolved(namespace))) {
                systems.add(fallbackBase + encode(namespace));
            }
        }
        return new ArrayList<>(systems);
    }

    /**
     * The system of a patient identifier (PID-2/3/4, MRG-1).
     *
     * @param at where the HD sits (e.g. PID-3(1).4), for the error report
     * @throws MappingException 101 when the HD is empty — an identifier without a system could never be matched
     *                          again, so every update would create another Patient; 102 when a universal id does
     *                          not have the form its type declares; 103 when the system is not one of
     *                          {@link #withPatientSystems the sender's}
     */
    public String systemFor(HD authority, ErrorLocation at) throws MappingException {
        String system = patientSystemFor(authority, at);
        if (!patientSystems.isEmpty() && !patientSystems.contains(system)) {
            // 103: the authority is not in this sender's table of assigning authorities (the partner registry)
            throw new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, at,
                    "Assigning authority at " + at + " is not one whose patients this sender may write");
        }
        return system;
    }

    private String patientSystemFor(HD authority, ErrorLocation at) throws MappingException {
        String namespace = V2Values.value(authority.getNamespaceID());
        String universalId = V2Values.value(authority.getUniversalID());
        String universal = universalSystem(universalId, V2Values.value(authority.getUniversalIDType()), at);
        if (universal != null) {
            if (namespace != null) {
                learn(namespace, universal, at);
            }
            return universal;
        }
        if (namespace == null && universalId == null && defaultNamespace != null) {
            namespace = defaultNamespace;
        }
        if (namespace != null) {
            String known = resolved(namespace);
            return known != null ? known : fallbackBase + encode(namespace);
        }
        throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, at,
                "Assigning authority missing: " + at + " needs a namespace id or an ISO/UUID/URI universal id");
    }

    /** The system of an ISO/UUID/URI universal id; null when absent or of a type that is no URI (DNS, CLIA, …). */
    private static String universalSystem(String universalId, String universalIdType, ErrorLocation at)
            throws MappingException {
        if (universalId == null || universalIdType == null) {
            return null;
        }
        return switch (universalIdType.toUpperCase(Locale.ROOT)) {
            case "ISO" -> "urn:oid:" + checked(universalId, OID, "an ISO OID", at);
            case "UUID" -> "urn:uuid:" + checked(universalId, UUID, "a UUID", at).toLowerCase(Locale.ROOT);
            case "URI", "URL" -> universalId;
            default -> null; // not a URI we can use as is; the namespace id decides
        };
    }

    /**
     * A namespace sent with a universal id: it must agree with what the registry says or this sender showed before
     * (else 103 at CX-4), and is learned when neither said anything yet.
     */
    private void learn(String namespace, String universal, ErrorLocation at) throws MappingException {
        String known = senderConfigured.containsKey(namespace) ? senderConfigured.get(namespace) : learnedBefore(namespace);
        if (known != null && !known.equals(universal)) {
            throw new MappingException(ErrorCode.TABLE_VALUE_NOT_FOUND, at, "Assigning authority at " + at
                    + ": its namespace id stands for another universal id for this sender (partner registry or earlier"
                    + " messages); one namespace id must always name the same authority");
        }
        if (known == null && learning != null) {
            learning.put(namespace, universal);
        }
    }

    /** The system a namespace id alone resolves to for this sender, or null (then it is {@code <base><namespace>}). */
    private String resolved(String namespace) {
        String configured = senderConfigured.get(namespace);
        if (configured != null) {
            return configured;
        }
        String learned = learnedBefore(namespace);
        return learned != null ? learned : systemsByNamespace.get(namespace);
    }

    private String learnedBefore(String namespace) {
        String learned = senderLearned.get(namespace);
        return learned != null || learning == null ? learned : learning.get(namespace);
    }

    /**
     * Lenient variant for identifiers that are not a patient's match key (providers, orders, documents): an
     * authority that is missing or malformed never fails the message; the identifier is scoped by {@code kind}.
     */
    public String systemFor(String namespace, String universalId, String universalIdType, String kind) {
        if (universalId != null && universalIdType != null) {
            switch (universalIdType.toUpperCase(Locale.ROOT)) {
                case "ISO" -> {
                    if (OID.matcher(universalId).matches()) {
                        return "urn:oid:" + universalId;
                    }
                }
                case "UUID" -> {
                    if (UUID.matcher(universalId).matches()) {
                        return "urn:uuid:" + universalId.toLowerCase(Locale.ROOT);
                    }
                }
                case "URI", "URL" -> {
                    return universalId;
                }
                default -> {
                    // fall back to the namespace id
                }
            }
        }
        if (namespace != null) {
            String configured = systemsByNamespace.get(namespace);
            return configured != null ? configured : fallbackBase + encode(namespace);
        }
        return scopedSystem(null, kind);
    }

    /** {@code <base><scope>/<kind>}, e.g. https://kaphub.org/fhir/sid/SOUTHCLINIC/placer-order. */
    public String scopedSystem(String scope, String kind) {
        return fallbackBase + encode(scope == null ? "unknown-sender" : scope) + "/" + encode(kind);
    }

    private static String checked(String universalId, Pattern form, String what, ErrorLocation at) throws MappingException {
        if (!form.matcher(universalId).matches()) {
            throw new MappingException(ErrorCode.DATA_TYPE_ERROR, at,
                    "Assigning authority universal id at " + at + " is not " + what);
        }
        return universalId;
    }

    /** Namespace ids are free text ("GOOD HEALTH HOSPITAL"); percent-encoding keeps the system a valid URI. */
    private static String encode(String namespace) {
        return URLEncoder.encode(namespace, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
