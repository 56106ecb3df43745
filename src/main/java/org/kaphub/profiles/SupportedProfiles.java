package org.kaphub.profiles;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.StructureDefinition;

import java.util.List;

/** Lists every KAP resource profile as supportedProfile of its resource type in the CapabilityStatement. */
@Interceptor
public class SupportedProfiles {

    private final List<StructureDefinition> profiles;

    SupportedProfiles(KapGuide guide) {
        this.profiles = guide.conformanceResources().stream()
                .filter(r -> r instanceof StructureDefinition sd && sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
                        && sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT)
                .map(r -> (StructureDefinition) r)
                .toList();
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void addProfiles(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : capabilities.getRestFirstRep().getResource()) {
            for (StructureDefinition profile : profiles) {
                boolean listed = resource.getSupportedProfile().stream().anyMatch(p -> profile.getUrl().equals(p.getValue()));
                if (profile.getType().equals(resource.getType()) && !listed) {
                    resource.getSupportedProfile().add(new CanonicalType(profile.getUrl()));
                }
            }
        }
    }
}
