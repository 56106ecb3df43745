package org.kaphub.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partner of the test registry file, declared in one line: {@code TestPartner.of("test-org", "system/*.cruds")
 * .organizations("org-north")} is partner {@code test-org} with one client of the same id and secret
 * {@link TestSecurity#SECRET}. {@link #yaml()} writes it in the registry file's own keys.
 */
public final class TestPartner {

    private final String id;
    private final List<String> scopes;
    private final List<String> organizations = new ArrayList<>();
    private final List<String> resourceTypes = new ArrayList<>();
    private final List<String> certificateSubjects = new ArrayList<>();
    private final List<String[]> hl7v2Senders = new ArrayList<>();
    private final List<String> assigningAuthorities = new ArrayList<>();
    private final Map<String, String> assigningAuthorityNamespaces = new LinkedHashMap<>();
    private final List<String> receives = new ArrayList<>();
    private String protocol;
    private String endpoint;
    private String[] outboundAuth;
    private String jwksUri;
    private String pullInterval;
    private String hl7v2Out;
    private boolean external;
    private boolean part2;
    private boolean enabled = true;

    private TestPartner(String id, List<String> scopes) {
        this.id = id;
        this.scopes = scopes;
    }

    /**
     * Partner {@code id} with one client {@code id} (secret {@link TestSecurity#SECRET}) holding {@code scopes}; without
     * scopes, a partner with no OAuth client (e.g. an HL7 v2 sender only).
     */
    public static TestPartner of(String id, String... scopes) {
        return new TestPartner(id, List.of(scopes));
    }

    public String id() {
        return id;
    }

    /** Its client authenticates with private_key_jwt against this JWK Set instead of the secret. */
    public TestPartner jwks(String uri) {
        this.jwksUri = uri;
        return this;
    }

    /** Its client signs in at the clinic identity provider: neither secret nor JWK Set here. */
    public TestPartner external() {
        this.external = true;
        return this;
    }

    /** KAP Hub signs in at {@code tokenUrl} as {@code clientId}: with {@code secret}, or (null) with private_key_jwt. */
    public TestPartner outboundAuth(String tokenUrl, String clientId, String secret) {
        this.outboundAuth = new String[] {tokenUrl, clientId, secret};
        return this;
    }

    public TestPartner part2() {
        this.part2 = true;
        return this;
    }

    public TestPartner disabled() {
        this.enabled = false;
        return this;
    }

    public TestPartner organizations(String... ids) {
        organizations.addAll(List.of(ids));
        return this;
    }

    public TestPartner resourceTypes(String... types) {
        resourceTypes.addAll(List.of(types));
        return this;
    }

    public TestPartner certificate(String subject) {
        certificateSubjects.add(subject);
        return this;
    }

    public TestPartner hl7v2Sender(String application, String facility) {
        hl7v2Senders.add(new String[] {application, facility});
        return this;
    }

    public TestPartner assigningAuthorities(String... systems) {
        assigningAuthorities.addAll(List.of(systems));
        return this;
    }

    /** A prescribing platform KAP Hub pulls from: protocol fhir-rest, this endpoint, {@code pull: {interval: …}}. */
    public TestPartner pulledFrom(String endpoint, String interval) {
        this.protocol = "fhir-rest";
        this.endpoint = endpoint;
        this.pullInterval = interval;
        return this;
    }

    /** HL7 v2 namespace id {@code namespace} stands for identifier system {@code system} (assigning-authority-namespaces). */
    public TestPartner assigningAuthorityNamespace(String namespace, String system) {
        assigningAuthorityNamespaces.put(namespace, system);
        return this;
    }

    /** It receives FHIR at {@code endpoint} (protocol fhir-rest): records of {@code types}. */
    public TestPartner fhirRest(String endpoint, String... types) {
        return receiver("fhir-rest", endpoint, types);
    }

    /** It receives HL7 v2 over MLLP at {@code endpoint} (mllp://host:port): records of {@code types}. */
    public TestPartner hl7v2Mllp(String endpoint, String... types) {
        return receiver("hl7v2-mllp", endpoint, types);
    }

    /** Its {@code hl7v2-out} block, as a YAML flow mapping (e.g. {@code {receiving-application: AE}}). */
    public TestPartner hl7v2Out(String flowMapping) {
        this.hl7v2Out = flowMapping;
        return this;
    }

    private TestPartner receiver(String protocol, String endpoint, String... types) {
        this.protocol = protocol;
        this.endpoint = endpoint;
        receives.addAll(List.of(types));
        return this;
    }

    /** This partner as an entry of the registry file's {@code partners:} list. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("  - id: ").append(quoted(id)).append('\n')
                .append("    name: ").append(quoted("Test partner " + id)).append('\n')
                .append("    kind: clinic\n");
        if (protocol != null) {
            y.append("    protocol: ").append(protocol).append('\n')
                    .append("    endpoint: ").append(quoted(endpoint)).append('\n')
                    .append("    receives: ").append(list(receives)).append('\n');
        }
        y.append("    part2: ").append(part2).append('\n')
                .append("    enabled: ").append(enabled).append('\n')
                .append("    organizations: ").append(list(organizations)).append('\n')
                .append("    resource-types: ").append(list(resourceTypes)).append('\n')
                .append("    certificate-subjects: ").append(list(certificateSubjects)).append('\n')
                .append("    assigning-authorities: ").append(list(assigningAuthorities)).append('\n')
                .append("    assigning-authority-namespaces: {")
                .append(String.join(", ", assigningAuthorityNamespaces.entrySet().stream()
                        .map(entry -> quoted(entry.getKey()) + ": " + quoted(entry.getValue())).toList()))
                .append("}\n")
                .append("    hl7v2-senders: [");
        for (int i = 0; i < hl7v2Senders.size(); i++) {
            y.append(i > 0 ? ", " : "").append("{application: ").append(quoted(hl7v2Senders.get(i)[0]))
                    .append(", facility: ").append(quoted(hl7v2Senders.get(i)[1])).append('}');
        }
        y.append("]\n");
        if (pullInterval != null) {
            y.append("    pull: {interval: ").append(quoted(pullInterval)).append("}\n");
        }
        if (hl7v2Out != null) {
            y.append("    hl7v2-out: ").append(hl7v2Out).append('\n');
        }
        if (outboundAuth != null) {
            y.append("    outbound-auth:\n")
                    .append("      token-url: ").append(quoted(outboundAuth[0])).append('\n')
                    .append("      client-id: ").append(quoted(outboundAuth[1])).append('\n');
            if (outboundAuth[2] != null) {
                y.append("      method: client-secret-basic\n")
                        .append("      secret: ").append(quoted(outboundAuth[2])).append('\n');
            } else {
                y.append("      method: private-key-jwt\n");
            }
            y.append("      scopes: [\"system/*.cu\"]\n");
        }
        if (scopes.isEmpty()) {
            return y.append("    clients: []\n").toString(); // an HL7 v2 sender only
        }
        y.append("    clients:\n")
                .append("      - client-id: ").append(quoted(id)).append('\n');
        if (jwksUri != null) {
            y.append("        jwks-uri: ").append(quoted(jwksUri)).append('\n');
        } else if (!external) {
            y.append("        secret: ").append(quoted("{noop}" + TestSecurity.SECRET)).append('\n');
        }
        y.append("        scopes: ").append(list(scopes)).append('\n');
        return y.toString();
    }

    /** The registry file holding {@code partners}. */
    public static String file(List<TestPartner> partners) {
        StringBuilder y = new StringBuilder("# Written by the tests (TestSecurity)\npartners:\n");
        partners.forEach(partner -> y.append(partner.yaml()));
        return y.toString();
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(TestPartner::quoted).toList()) + "]";
    }

    /** A YAML double-quoted scalar. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
