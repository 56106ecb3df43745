package org.kaphub.delivery.push;

import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.Optional;

/**
 * How a resource is known at a partner: its first business identifier with system and value, or — for a resource
 * without one — {@link #RESOURCE_SYSTEM} with its id on KAP Hub, which the copy sent then carries. Every push is
 * conditional on it ({@code PUT Type?identifier=system|value}), so sending a resource again updates the partner's copy
 * instead of making a second one.
 */
public final class DeliveryKeys {

    /** Identifier system of resources without a business identifier: value = the logical id on KAP Hub. */
    public static final String RESOURCE_SYSTEM = KapCanonicals.RESOURCE_SID;

    private DeliveryKeys() {
    }

    public static Identifier of(Resource resource) {
        return business(resource).orElseGet(() -> new Identifier().setSystem(RESOURCE_SYSTEM)
                .setValue(resource.getIdElement().getIdPart()));
    }

    /** {@code Type?identifier=system|value}, escaped as a FHIR search (\ , $ |) and as a URL. */
    public static String matchUrl(String type, Identifier key) {
        return type + "?identifier=" + UrlUtil.escapeUrlParam(ParameterUtil.escape(key.getSystem()) + "|"
                + ParameterUtil.escape(key.getValue()));
    }

    static Optional<Identifier> business(Resource resource) {
        return resource.getNamedProperty("identifier") == null ? Optional.empty()
                : resource.getNamedProperty("identifier").getValues().stream()
                .filter(Identifier.class::isInstance).map(Identifier.class::cast)
                .filter(id -> id.hasSystem() && id.hasValue())
                .findFirst();
    }
}
