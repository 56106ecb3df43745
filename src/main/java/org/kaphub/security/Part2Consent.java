package org.kaphub.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.kaphub.audit.AuditTrail;

/**
 * 42 CFR Part 2: resources labelled substance-use sensitive (meta.security v3-ActCode ETH or 42CFRPart2, or
 * v3-Confidentiality R) are withheld from clients whose token lacks {@code kap/part2.read}. They are removed
 * from search results (and _include/_revinclude) as if absent, a read answers 404, and each withholding is
 * audited.
 */
class Part2Consent implements IConsentService {

    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    private final ClientRegistry registry;
    private final AuditTrail audit;

    Part2Consent(ClientRegistry registry, AuditTrail audit) {
        this.registry = registry;
        this.audit = audit;
    }

    @Override
    public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices context) {
        return true;
    }

    @Override
    public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
        if (!labelledPart2(resource)) {
            return ConsentOutcome.PROCEED;
        }
        KapPrincipal principal = KapPrincipal.current(registry).orElse(null);
        if (principal != null && principal.part2()) {
            return ConsentOutcome.PROCEED;
        }
        String address = request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : null;
        audit.part2Filtered(principal == null ? null : principal.clientId(),
                resource.getIdElement().toUnqualifiedVersionless().getValue(), address);
        return ConsentOutcome.REJECT;
    }

    static boolean labelledPart2(IBaseResource resource) {
        for (IBaseCoding label : resource.getMeta().getSecurity()) {
            if (ACT_CODE.equals(label.getSystem()) && ("ETH".equals(label.getCode()) || "42CFRPart2".equals(label.getCode()))
                    || CONFIDENTIALITY.equals(label.getSystem()) && "R".equals(label.getCode())) {
                return true;
            }
        }
        return false;
    }
}
