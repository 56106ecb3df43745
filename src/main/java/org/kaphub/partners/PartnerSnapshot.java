package org.kaphub.partners;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One registry as loaded, indexed for the lookups every request makes; immutable, so read without locks. */
final class PartnerSnapshot {

    private final List<Partner> all;
    private final List<Partner> fromFile;
    private final Map<String, Partner> byId = new HashMap<>();
    private final Map<String, Partner> byClientId = new HashMap<>();
    private final Map<String, Partner> bySubject = new HashMap<>();
    private final Map<Hl7v2Sender, Partner> bySender = new HashMap<>();

    /** Built-in partners first: a file partner sharing an id or client id with one of them is left out. */
    PartnerSnapshot(List<Partner> fromFile, List<Partner> builtIn) {
        Set<String> reservedIds = new HashSet<>();
        Set<String> reservedClients = new HashSet<>();
        for (Partner partner : builtIn) {
            reservedIds.add(partner.id());
            partner.clients().forEach(client -> reservedClients.add(client.clientId()));
        }
        List<Partner> kept = new ArrayList<>();
        for (Partner partner : fromFile) {
            if (!reservedIds.contains(partner.id())
                    && partner.clients().stream().noneMatch(client -> reservedClients.contains(client.clientId()))) {
                kept.add(partner);
            }
        }
        this.fromFile = List.copyOf(kept);
        List<Partner> everyone = new ArrayList<>(builtIn);
        everyone.addAll(kept);
        this.all = List.copyOf(everyone);
        for (Partner partner : all) {
            byId.put(partner.id(), partner);
            partner.clients().forEach(client -> byClientId.put(client.clientId(), partner));
            partner.certificateSubjects().forEach(subject ->
                    DistinguishedNames.canonical(subject).ifPresent(canonical -> bySubject.put(canonical, partner)));
            partner.hl7v2Senders().forEach(sender -> bySender.put(sender, partner));
        }
    }

    List<Partner> all() {
        return all;
    }

    /** The partners the file declared and that are in force (the tables and Organizations follow these). */
    List<Partner> fromFile() {
        return fromFile;
    }

    /** The ids of file partners left out because a built-in partner has their id or one of their client ids. */
    List<String> shadowed(List<Partner> declared) {
        return declared.stream().filter(p -> !fromFile.contains(p)).map(Partner::id).toList();
    }

    Optional<Partner> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    Optional<Partner> byClientId(String clientId) {
        return Optional.ofNullable(clientId == null ? null : byClientId.get(clientId));
    }

    Optional<Partner> bySubject(String subject) {
        return DistinguishedNames.canonical(subject).map(bySubject::get);
    }

    Optional<Partner> bySender(String application, String facility) {
        return Optional.ofNullable(bySender.get(new Hl7v2Sender(application, facility)));
    }

    boolean namesHl7v2Senders() {
        return !bySender.isEmpty();
    }
}
