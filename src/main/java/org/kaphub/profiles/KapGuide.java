package org.kaphub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The KAP implementation guide as SUSHI compiled it: fhir-profiles/fsh-generated/resources, packaged on the
 * classpath as kap-ig/. Conformance resources are installed; the examples (patients, sessions) never are.
 */
public final class KapGuide {

    static final String LOCATION = "classpath*:kap-ig/*.json";

    /** What the server installs and serves: the definitions, never instance data. */
    static final Set<String> CONFORMANCE_TYPES = Set.of("StructureDefinition", "ValueSet", "CodeSystem",
            "Questionnaire", "SearchParameter", "ConceptMap", "NamingSystem", "ImplementationGuide");

    private final List<IBaseResource> conformance = new ArrayList<>();
    private final List<IBaseResource> examples = new ArrayList<>();

    private KapGuide() {
    }

    public static KapGuide load(FhirContext context) {
        KapGuide guide = new KapGuide();
        IParser parser = context.newJsonParser();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            for (Resource file : sorted(files)) {
                try (InputStream in = file.getInputStream()) {
                    IBaseResource resource = parser.parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    (CONFORMANCE_TYPES.contains(resource.fhirType()) ? guide.conformance : guide.examples).add(resource);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The KAP implementation guide could not be read from " + LOCATION, e);
        }
        if (guide.conformance.isEmpty()) {
            throw new IllegalStateException("No KAP implementation guide on the classpath (" + LOCATION
                    + "): build with fhir-profiles/fsh-generated/resources present");
        }
        return guide;
    }

    public List<IBaseResource> conformanceResources() {
        return List.copyOf(conformance);
    }

    public List<IBaseResource> examples() {
        return List.copyOf(examples);
    }

    private static List<Resource> sorted(Resource[] files) {
        List<Resource> list = new ArrayList<>(List.of(files));
        list.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
        return list;
    }
}
