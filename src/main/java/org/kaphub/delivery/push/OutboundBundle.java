package org.kaphub.delivery.push;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.delivery.channel.Outgoing;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The transaction Bundle a partner receives: per resource a conditional update on its delivery key
 * ({@code PUT Type?identifier=…}), or a conditional delete for one deleted since; references rewritten so that they
 * mean the same at the partner, where KAP Hub's ids mean nothing:
 * <ul>
 * <li>to a resource in the same Bundle: its {@code urn:uuid:} full URL (resolved by the partner in the transaction);</li>
 * <li>to a resource of a type the partner receives: a conditional reference on that resource's delivery key
 * ({@code Patient?identifier=…}), which FHIR defines for transactions;</li>
 * <li>to anything else (a registry Organization, a Practitioner, a type the partner does not receive): a logical
 * reference, {@code Reference.identifier} with the target's delivery key and {@code type};</li>
 * </ul>
 * and KAP Hub's own bookkeeping removed: id, version, lastUpdated, source, organisation tags. Profiles and security
 * labels (42 CFR Part 2) travel.
 */
public final class OutboundBundle {

    /** Organisation tags are KAP Hub's access bookkeeping (the current system and the one before). */
    private static final Set<String> OWN_TAG_SYSTEMS = Set.of(KapCanonicals.ORGANIZATION_TAG,
            KapCanonicals.LEGACY_ORGANIZATION_TAG);

    /** A resource of KAP Hub that a reference points to, in its current version; empty when it is gone. */
    public interface Targets {
        Optional<Resource> live(String reference);
    }

    private OutboundBundle() {
    }

    public static Bundle transaction(FhirContext fhir, List<Outgoing> items, Set<String> receives, Targets targets) {
        Map<String, String> fullUrls = new HashMap<>();
        items.forEach(item -> fullUrls.put(item.reference(), "urn:uuid:" + UUID.randomUUID()));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Outgoing item : items) {
            String type = item.lastLive().fhirType();
            Identifier key = DeliveryKeys.of(item.lastLive());
            Bundle.BundleEntryComponent entry = bundle.addEntry();
            if (item.isDeleted()) {
                entry.getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(DeliveryKeys.matchUrl(type, key));
                continue;
            }
            Resource copy = item.current().copy();
            copy.setId((String) null);
            copy.setMeta(ownBookkeepingRemoved(item.current().getMeta()));
            if (DeliveryKeys.business(copy).isEmpty() && copy.getNamedProperty("identifier") != null) {
                copy.setProperty("identifier", key.copy()); // the partner matches the next version on it
            }
            for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(copy, Reference.class)) {
                rewrite(reference, fullUrls, receives, targets);
            }
            entry.setFullUrl(fullUrls.get(item.reference())).setResource(copy);
            entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(DeliveryKeys.matchUrl(type, key));
        }
        return bundle;
    }

    private static void rewrite(Reference reference, Map<String, String> fullUrls, Set<String> receives, Targets targets) {
        IIdType id = reference.getReferenceElement();
        if (!reference.hasReference() || !id.hasResourceType() || !id.hasIdPart() || id.isAbsolute() || id.isLocal()
                || reference.getReference().startsWith("urn:")) {
            return; // contained (#x), absolute, urn: or identifier-only: means the same everywhere
        }
        String target = id.toUnqualifiedVersionless().getValue();
        String type = id.getResourceType();
        if (fullUrls.containsKey(target)) {
            reference.setReference(fullUrls.get(target));
            return;
        }
        Optional<Resource> resource = targets.live(target);
        if (resource.isPresent() && receives.contains(type)) {
            reference.setReference(DeliveryKeys.matchUrl(type, DeliveryKeys.of(resource.get())));
            return;
        }
        reference.setReference(null);
        reference.setType(type);
        resource.ifPresent(found -> reference.setIdentifier(DeliveryKeys.of(found).copy()));
    }

    private static Meta ownBookkeepingRemoved(Meta meta) {
        Meta copy = new Meta();
        meta.getProfile().forEach(profile -> copy.addProfile(profile.getValue()));
        meta.getSecurity().forEach(label -> copy.addSecurity(label.copy()));
        for (Coding tag : meta.getTag()) {
            if (!OWN_TAG_SYSTEMS.contains(tag.getSystem())) {
                copy.addTag(tag.copy());
            }
        }
        return copy;
    }
}
