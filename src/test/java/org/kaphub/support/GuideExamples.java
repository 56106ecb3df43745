package org.kaphub.support;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.profiles.KapGuide;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

/** Stores the KAP guide's examples on a running server, once per server, as one transaction of PUTs. */
public final class GuideExamples {

    private static final Set<String> STORED = new HashSet<>();

    private GuideExamples() {
    }

    public static synchronized void storeOnce(int port) throws Exception {
        String fhirBase = "http://127.0.0.1:" + port + "/fhir";
        if (STORED.contains(fhirBase)) {
            return;
        }
        FhirContext fhir = FhirContext.forR4Cached();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (IBaseResource example : KapGuide.load(fhir).examples()) {
            String id = example.fhirType() + "/" + example.getIdElement().getIdPart();
            transaction.addEntry().setFullUrl(id).setResource((Resource) example)
                    .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(id);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fhirBase))
                        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                        .header("Authorization", "Bearer " + Tokens.dev(port))
                        .POST(HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(transaction))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("The guide's examples were refused: HTTP " + response.statusCode() + " " + response.body());
        }
        STORED.add(fhirBase);
    }
}
