package org.kaphub.partners;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry file's shape and every way it is refused: each problem names the file, the line and the reason. */
class PartnerFileTest {

    static final Set<String> TYPES = FhirContext.forR4Cached().getResourceTypes();
    static final String FILE = "partners.yaml";
    static final String SECRET_VALUE = "s3cr3t-value-never-shown";
    static final String UNSET_VARIABLE = "KAP_TEST_VARIABLE_NOBODY_SETS";

    /** A valid partner; each case below breaks one line of it (line numbers are the file's, 1-based). */
    static final String VALID = """
            partners:
              - id: maple-clinic
                name: Maple KAP Clinic
                kind: clinic
                protocol: hl7v2-mllp
                endpoint: mllp://10.1.2.3:2575
                receives: [MedicationAdministration, Observation]
                part2: false
                enabled: true
                organizations: [org-maple]
                clients:
                  - client-id: maple-ehr
                    secret: "{bcrypt}s3cr3t-value-never-shown"
                    scopes: [system/*.cruds]
                resource-types: []
                certificate-subjects: ["CN=maple-mllp,O=Maple KAP Clinic"]
                hl7v2-senders: [{application: SUNRISE_EHR, facility: MAPLE_KAP_CLINIC}]
                assigning-authorities: [urn:oid:2.16.840.1.113883.3.9999.1]
            """;
    /** {@link #VALID} with a namespace mapping on line 19. */
    static final String WITH_NAMESPACE = VALID + "    assigning-authority-namespaces: {MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}\n";

    @Test
    void readsEveryKeyOfTheIssuesShape() {
        List<Partner> partners = parse(VALID);
        assertThat(partners).hasSize(1);
        Partner maple = partners.get(0);
        assertThat(maple.id()).isEqualTo("maple-clinic");
        assertThat(maple.name()).isEqualTo("Maple KAP Clinic");
        assertThat(maple.kind()).isEqualTo(Partner.Kind.CLINIC);
        assertThat(maple.protocol()).isEqualTo(Partner.Protocol.HL7V2_MLLP);
        assertThat(maple.endpoint()).isEqualTo("mllp://10.1.2.3:2575");
        assertThat(maple.receives()).containsExactlyInAnyOrder("MedicationAdministration", "Observation");
        assertThat(maple.part2()).isFalse();
        assertThat(maple.enabled()).isTrue();
        assertThat(maple.organizations()).containsExactly("org-maple");
        assertThat(maple.clients()).singleElement().satisfies(client -> {
            assertThat(client.clientId()).isEqualTo("maple-ehr");
            assertThat(client.secret()).isEqualTo("{bcrypt}" + SECRET_VALUE);
            assertThat(client.scopes()).containsExactly("system/*.cruds");
            assertThat(client.toString()).doesNotContain(SECRET_VALUE);
        });
        assertThat(maple.toString()).doesNotContain(SECRET_VALUE);
        assertThat(maple.resourceTypes()).isEmpty();
        assertThat(maple.certificateSubjects()).containsExactly("CN=maple-mllp,O=Maple KAP Clinic");
        assertThat(maple.hl7v2Senders()).containsExactly(new Hl7v2Sender("SUNRISE_EHR", "MAPLE_KAP_CLINIC"));
        assertThat(maple.assigningAuthorities()).containsExactly("urn:oid:2.16.840.1.113883.3.9999.1");
        assertThat(maple.assigningAuthorityNamespaces()).isEmpty();
        assertThat(parse(WITH_NAMESPACE).get(0).assigningAuthorityNamespaces())
                .containsExactly(Map.entry("MAPLE", "urn:oid:2.16.840.1.113883.3.9999.1"));
    }

    @Test
    void namespaceIdsAreKeptAsWrittenAndNeedNoAssigningAuthoritiesList() {
        Partner clinic = parse("""
                partners:
                  - id: maple
                    name: Maple
                    kind: clinic
                    assigning-authority-namespaces:
                      MAPLE: urn:oid:2.16.840.1.113883.3.9999.1
                      maple: "https://maple.example.org/mrn"
                      "GOOD HEALTH": urn:uuid:0b9e9a2e-1111-4c2a-9d3e-123456789abc
                """).get(0);
        assertThat(clinic.assigningAuthorityNamespaces()).containsOnly(
                Map.entry("MAPLE", "urn:oid:2.16.840.1.113883.3.9999.1"),
                Map.entry("maple", "https://maple.example.org/mrn"),
                Map.entry("GOOD HEALTH", "urn:uuid:0b9e9a2e-1111-4c2a-9d3e-123456789abc"));
        assertThat(clinic.assigningAuthorities()).isEmpty();
    }

    @Test
    void defaultsAnEmptyFileAndPlainSecrets() {
        assertThat(parse("")).isEmpty();
        assertThat(parse("partners:\n")).isEmpty();
        assertThat(parse("# nothing yet\npartners: []\n")).isEmpty();
        Partner minimal = parse("""
                partners:
                  - {id: lab, name: Lab, kind: ehr, clients: [{client-id: lab-feed, secret: plain, scopes: [system/Observation.cru]}]}
                """).get(0);
        assertThat(minimal.enabled()).isTrue();
        assertThat(minimal.part2()).isFalse();
        assertThat(minimal.protocol()).isNull();
        assertThat(minimal.organizations()).isEmpty();
        assertThat(minimal.clients().get(0).secret()).isEqualTo("{noop}plain"); // production refuses it (security's rule)
    }

    @Test
    void organisationsKeepTheOrderTheFileListsThem() {
        // the first is where a new patient of the partner goes, so the file's order is the partner's intent
        Partner clinic = parse("""
                partners:
                  - {id: maple, name: Maple, kind: clinic, organizations: [org-zeta, org-alpha, org-mid]}
                """).get(0);
        assertThat(clinic.organizations()).containsExactly("org-zeta", "org-alpha", "org-mid");
    }

    @Test
    void aClientWithoutCredentialsIsAClientOfTheExternalIssuer() {
        Partner clinic = parse("""
                partners:
                  - {id: maple, name: Maple, kind: clinic, clients: [{client-id: maple-app, scopes: [system/*.rs]}]}
                """).get(0);
        assertThat(clinic.clients().get(0).secret()).isNull();
        assertThat(clinic.clients().get(0).jwksUri()).isNull();
    }

    /** A prescribing platform KAP Hub pulls from; the cases below break one line of it. */
    static final String PULLED = """
            partners:
              - id: rx-platform
                name: Example prescribing platform
                kind: prescribing-platform
                protocol: fhir-rest
                endpoint: https://fhir.rx-platform.example/fhir
                pull: {interval: 2m, resource-types: [MedicationRequest]}
            """;

    @Test
    void readsAPullWithItsDefaults() {
        assertThat(parse(VALID).get(0).pulled()).isEmpty();
        assertThat(parse(PULLED).get(0).pull()).isEqualTo(new Partner.Pull(Duration.ofMinutes(2), List.of("MedicationRequest")));
        assertThat(parse(PULLED.replace("{interval: 2m, resource-types: [MedicationRequest]}", "{}")).get(0).pull())
                .isEqualTo(new Partner.Pull(Duration.ofSeconds(60), List.of("MedicationRequest", "CarePlan")));
        assertThat(parse(PULLED.replace("resource-types: [MedicationRequest]}", "resource-types: [MedicationRequest]}\n"
                + "    resource-types: [Patient, MedicationRequest]")).get(0).pulled()).isPresent();
    }

    static Stream<Object[]> pullRefusals() {
        return Stream.of(
                new Object[] {"pull of an HL7 v2 partner", VALID + "    pull: {}\n", 19, "pull needs protocol fhir-rest"},
                new Object[] {"pull without endpoint", PULLED.replace("    endpoint: https://fhir.rx-platform.example/fhir\n", ""), 6,
                        "pull needs protocol fhir-rest"},
                new Object[] {"unknown pull key", PULLED.replace("interval: 2m", "every: 2m"), 7, "unknown key 'every' in pull"},
                new Object[] {"not a duration", PULLED.replace("interval: 2m", "interval: often"), 7,
                        "pull interval 'often' is not a duration"},
                new Object[] {"too short", PULLED.replace("interval: 2m", "interval: 10ms"), 7, "shorter than 1s"},
                new Object[] {"unknown type", PULLED.replace("[MedicationRequest]", "[MedicationRequests]"), 7,
                        "pull resource-types: 'MedicationRequests' is not a FHIR R4 resource type"},
                new Object[] {"no types", PULLED.replace("[MedicationRequest]", "[]"), 7, "pull resource-types: empty"},
                new Object[] {"types the partner may not write", PULLED + "    resource-types: [MedicationRequest]\n", 7,
                        "pull: the partner's resource-types do not allow Patient"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pullRefusals")
    void refusesABadPullWithFileLineAndReason(String what, String content, int line, String reason) {
        refusesWithFileLineAndReason(what, content, line, reason);
    }

    @Test
    void theCommittedSampleIsAValidRegistry() throws IOException {
        Path sample = Path.of("camel-routes/partners.yaml");
        List<Partner> partners = PartnerFile.parse(sample.toString(), Files.readString(sample), TYPES, List.of());
        assertThat(partners).extracting(Partner::id).containsExactly("maple-clinic", "rx-platform");
        assertThat(partners.get(1).clients().get(0).jwksUri()).startsWith("https://");
        assertThat(partners.get(1).pulled()).isPresent();
        assertThat(partners.get(0).assigningAuthorityNamespaces()).containsEntry("MAPLE", "urn:oid:2.16.840.1.113883.3.9999.1");
    }

    /** A FHIR partner KAP Hub sends to; each outbound-auth case below breaks one line of it. */
    static final String FHIR_PARTNER = """
            partners:
              - id: rx
                name: Rx
                kind: prescribing-platform
                protocol: fhir-rest
                endpoint: https://rx.example/fhir
                receives: [MedicationRequest]
                outbound-auth:
                  token-url: https://rx.example/oauth2/token
                  client-id: kap-hub
                  method: client-secret-basic
                  secret: "s3cr3t-value-never-shown"
                  scopes: [system/MedicationRequest.cu]
            """;

    @Test
    void readsHowKapHubSignsInAtAPartnerItSendsTo() {
        OutboundAuth auth = parse(FHIR_PARTNER).get(0).outboundAuth();
        assertThat(auth).isEqualTo(new OutboundAuth("https://rx.example/oauth2/token", "kap-hub",
                OutboundAuth.Method.CLIENT_SECRET_BASIC, new OutboundAuth.Secret.Literal(SECRET_VALUE), List.of("system/MedicationRequest.cu")));
        assertThat(auth.toString()).doesNotContain(SECRET_VALUE);

        OutboundAuth jwt = parse(FHIR_PARTNER.replace("client-secret-basic", "private-key-jwt")
                .replace("      secret: \"" + SECRET_VALUE + "\"\n", "")).get(0).outboundAuth();
        assertThat(jwt.method()).isEqualTo(OutboundAuth.Method.PRIVATE_KEY_JWT);
        assertThat(jwt.secret()).isNull();
        assertThat(parse(VALID).get(0).outboundAuth()).isNull();
    }

    static Stream<Object[]> outboundAuthRefusals() {
        return Stream.of(
                new Object[] {"not a FHIR partner", FHIR_PARTNER.replace("protocol: fhir-rest", "protocol: hl7v2-mllp")
                        .replace("https://rx.example/fhir", "mllp://10.0.0.1:2575"), 9, "only a partner with protocol fhir-rest"},
                new Object[] {"token-url not http", FHIR_PARTNER.replace("https://rx.example/oauth2/token", "rx-token"), 9,
                        "token-url 'rx-token' is not an http(s) URL"},
                new Object[] {"unknown method", FHIR_PARTNER.replace("client-secret-basic", "client-secret-post"), 11,
                        "unknown method 'client-secret-post' (client-secret-basic | private-key-jwt)"},
                new Object[] {"secret missing", FHIR_PARTNER.replace("      secret: \"" + SECRET_VALUE + "\"\n", ""), 9,
                        "client-secret-basic needs a secret"},
                new Object[] {"secret twice", FHIR_PARTNER.replace("      scopes:", "      secret-env: RX_SECRET\n      scopes:"), 13,
                        "one of secret, secret-env, secret-file"},
                new Object[] {"secret-env unset", FHIR_PARTNER.replace("secret: \"" + SECRET_VALUE + "\"", "secret-env: " + UNSET_VARIABLE), 12,
                        "environment variable " + UNSET_VARIABLE + " is not set"},
                new Object[] {"secret-env no name", FHIR_PARTNER.replace("secret: \"" + SECRET_VALUE + "\"", "secret-env: \"RX SECRET\""), 12,
                        "secret-env 'RX SECRET' is not an environment variable name"},
                new Object[] {"secret-file missing", FHIR_PARTNER.replace("secret: \"" + SECRET_VALUE + "\"", "secret-file: /nonexistent/kap/rx"), 12,
                        "secret-file /nonexistent/kap/rx cannot be read"},
                new Object[] {"secret with private-key-jwt", FHIR_PARTNER.replace("client-secret-basic", "private-key-jwt"), 12,
                        "a secret is not used"},
                new Object[] {"missing client-id", FHIR_PARTNER.replace("      client-id: kap-hub\n", ""), 9, "missing 'client-id'"},
                new Object[] {"unknown key", FHIR_PARTNER.replace("      scopes:", "      scope:"), 13, "unknown key 'scope'"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboundAuthRefusals")
    void refusesABadOutboundAuthWithLineAndReason(String what, String content, int line, String reason) {
        refusesWithFileLineAndReason(what, content, line, reason);
    }

    /** {@link #VALID} (an MLLP partner) with an hl7v2-out block from line 19. */
    static final String WITH_HL7V2_OUT = VALID + """
                hl7v2-out:
                  version: "2.3"
                  sending-application: KAPHUB^2.16.840.1.113883.3.9999^ISO
                  receiving-application: SUNRISE_EHR
                  receiving-facility: MAPLE_KAP_CLINIC
                  character-set: UNICODE UTF-8
                  on-application-error: retry
                  tls: {truststore: /etc/kap/maple-ca.p12, truststore-password: "s3cr3t-value-never-shown"}
            """;

    @Test
    void readsHowKapHubSpeaksHl7v2ToAnMllpPartnerWithDefaultsForWhatIsLeftOut() {
        Hl7v2Out out = parse(WITH_HL7V2_OUT).get(0).hl7v2Out();
        assertThat(out).isEqualTo(new Hl7v2Out("2.3", "KAPHUB^2.16.840.1.113883.3.9999^ISO", null, "SUNRISE_EHR",
                "MAPLE_KAP_CLINIC", "UNICODE UTF-8", Hl7v2Out.ApplicationErrorPolicy.RETRY,
                new Hl7v2Out.Tls("/etc/kap/maple-ca.p12", new OutboundAuth.Secret.Literal(SECRET_VALUE), null, null)));
        assertThat(out.toString()).doesNotContain(SECRET_VALUE);
        assertThat(parse(VALID).get(0).hl7v2Out()).as("no block: every default").isEqualTo(Hl7v2Out.defaults());
        assertThat(Hl7v2Out.defaults().onApplicationError()).isEqualTo(Hl7v2Out.ApplicationErrorPolicy.DEAD_LETTER);
        assertThat(Hl7v2Out.defaults().version()).isEqualTo("2.5.1");
        assertThat(parse(FHIR_PARTNER).get(0).hl7v2Out()).as("not an MLLP partner").isNull();
    }

    static Stream<Object[]> hl7v2OutRefusals() {
        return Stream.of(
                new Object[] {"not an MLLP partner", FHIR_PARTNER + "    hl7v2-out: {version: \"2.5.1\"}\n", 14,
                        "only a partner with protocol hl7v2-mllp is sent HL7 v2"},
                new Object[] {"unknown version", WITH_HL7V2_OUT.replace("\"2.3\"", "\"2.9\""), 20, "version '2.9' is not one of"},
                new Object[] {"unknown character set", WITH_HL7V2_OUT.replace("UNICODE UTF-8", "UTF-16"), 24,
                        "character-set 'UTF-16' is not one of"},
                new Object[] {"a field delimiter in MSH-5", WITH_HL7V2_OUT.replace("SUNRISE_EHR\n", "SUNRISE|EHR\n"), 22,
                        "no other HL7 v2 delimiter"},
                new Object[] {"unknown AE policy", WITH_HL7V2_OUT.replace("on-application-error: retry", "on-application-error: drop"),
                        25, "unknown on-application-error 'drop' (retry | dead-letter)"},
                new Object[] {"a trust store without its password", WITH_HL7V2_OUT.replace(
                        ", truststore-password: \"" + SECRET_VALUE + "\"", ""), 26, "needs its password"},
                new Object[] {"a password in two forms", WITH_HL7V2_OUT.replace("}", ", truststore-password-env: KAP_CA_PASSWORD}"),
                        26, "one of truststore-password, truststore-password-env, truststore-password-file"},
                new Object[] {"a password from a file that is not there", WITH_HL7V2_OUT.replace("truststore-password: \"" + SECRET_VALUE
                        + "\"", "truststore-password-file: /nonexistent/kap-ca-password"), 26,
                        "secret-file /nonexistent/kap-ca-password cannot be read"},
                new Object[] {"a password from a badly named variable", WITH_HL7V2_OUT.replace("truststore-password: \"" + SECRET_VALUE
                        + "\"", "truststore-password-env: \"KAP CA\""), 26, "truststore-password-env 'KAP CA' is not an environment variable name"},
                new Object[] {"a key store password without its key store", WITH_HL7V2_OUT.replace("}", ", keystore-password-env: PATH}"),
                        26, "a password without its store"},
                new Object[] {"unknown key", WITH_HL7V2_OUT.replace("  receiving-facility:", "  receiving-facilty:"), 23,
                        "unknown key 'receiving-facilty'"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hl7v2OutRefusals")
    void refusesABadHl7v2OutWithLineAndReason(String what, String content, int line, String reason) {
        refusesWithFileLineAndReason(what, content, line, reason);
    }

    static Stream<Object[]> refusals() {
        return Stream.of(
                new Object[] {"unknown key (a typo)", VALID.replace("    organizations:", "    organisations:"), 10,
                        "unknown key 'organisations' in a partner"},
                new Object[] {"unknown client key", VALID.replace("        scopes:", "        scope:"), 14, "unknown key 'scope' in a client"},
                new Object[] {"unknown top-level key", "partner:\n  - id: x\n", 1, "unknown key 'partner' in the file"},
                new Object[] {"duplicate key", VALID.replace("    part2: false\n", "    part2: false\n    part2: true\n"), 9,
                        "duplicate key 'part2'"},
                new Object[] {"duplicate partner id", VALID + VALID.substring(VALID.indexOf("  - id")).replace("maple-ehr", "other")
                        .replace("CN=maple-mllp", "CN=other").replace("SUNRISE_EHR", "OTHER"), 19,
                        "duplicate partner id 'maple-clinic' (ignoring case) (first at line 2)"},
                new Object[] {"duplicate client id", VALID + VALID.substring(VALID.indexOf("  - id")).replace("maple-clinic", "Maple-2")
                        .replace("maple-ehr", "MAPLE-EHR").replace("CN=maple-mllp", "CN=other").replace("SUNRISE_EHR", "OTHER"), 29,
                        "duplicate client id 'MAPLE-EHR' (ignoring case) (first at line 12)"},
                new Object[] {"duplicate certificate subject in the other RDN order", VALID + VALID.substring(VALID.indexOf("  - id"))
                        .replace("maple-clinic", "other").replace("maple-ehr", "other-ehr").replace("SUNRISE_EHR", "OTHER")
                        .replace("\"CN=maple-mllp,O=Maple KAP Clinic\"", "\"O=Maple KAP Clinic, CN=maple-mllp\""), 33,
                        "duplicate certificate subject"},
                new Object[] {"duplicate HL7 v2 sender", VALID + VALID.substring(VALID.indexOf("  - id")).replace("maple-clinic", "other")
                        .replace("maple-ehr", "other-ehr").replace("CN=maple-mllp", "CN=other"), 34,
                        "duplicate HL7 v2 sender SUNRISE_EHR/MAPLE_KAP_CLINIC (first at line 17)"},
                new Object[] {"unknown kind", VALID.replace("kind: clinic", "kind: clinik"), 4,
                        "unknown kind 'clinik' (clinic | prescribing-platform | ehr)"},
                new Object[] {"unknown protocol", VALID.replace("protocol: hl7v2-mllp", "protocol: mllp"), 5,
                        "unknown protocol 'mllp' (hl7v2-mllp | fhir-rest)"},
                new Object[] {"missing kind", VALID.replace("    kind: clinic\n", ""), 2, "partner maple-clinic: missing 'kind'"},
                new Object[] {"missing id", VALID.replace("  - id: maple-clinic\n    name:", "  - name:"), 2, "a partner: missing 'id'"},
                new Object[] {"invalid resource type", VALID.replace("Observation]", "Observations]"), 7,
                        "receives: 'Observations' is not a FHIR R4 resource type"},
                new Object[] {"invalid limit type", VALID.replace("resource-types: []", "resource-types: [Patient, patient]"), 15,
                        "resource-types: 'patient' is not a FHIR R4 resource type"},
                new Object[] {"unparsable scope", VALID.replace("[system/*.cruds]", "[system/*.sr]"), 14, "unparsable scope 'system/*.sr'"},
                new Object[] {"scope on an unknown type", VALID.replace("[system/*.cruds]", "[system/Patients.rs]"), 14,
                        "unknown resource type 'Patients'"},
                new Object[] {"Part 2 listed as a scope", VALID.replace("[system/*.cruds]", "[system/*.cruds, kap/part2.read]"), 14,
                        "granted by the partner's part2: true"},
                new Object[] {"bad endpoint", VALID.replace("mllp://10.1.2.3:2575", "https://10.1.2.3/fhir"), 6,
                        "endpoint 'https://10.1.2.3/fhir' is not an mllp://host:port address"},
                new Object[] {"bad jwks-uri", VALID.replace("secret: \"{bcrypt}" + SECRET_VALUE + "\"", "jwks-uri: not a url"), 13,
                        "jwks-uri 'not a url' is not an http(s) URL"},
                new Object[] {"bad assigning authority", VALID.replace("[urn:oid:2.16.840.1.113883.3.9999.1]", "[2.16.840.1]"), 18,
                        "assigning authority '2.16.840.1' is not an absolute URI"},
                new Object[] {"namespace mapped to no URI", WITH_NAMESPACE.replace("{MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}",
                        "{MAPLE: \"2.16.840.1\"}"), 19, "assigning authority '2.16.840.1' is not an absolute URI"},
                new Object[] {"namespace mapped outside the assigning authorities", WITH_NAMESPACE.replace("{MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}",
                        "{MAPLE: urn:oid:2.16.840.1.113883.3.9999.2}"), 19,
                        "'urn:oid:2.16.840.1.113883.3.9999.2' is not one of the partner's assigning-authorities"},
                new Object[] {"namespaces as a list", WITH_NAMESPACE.replace("{MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}", "[MAPLE]"), 19,
                        "assigning-authority-namespaces: expected namespace ids and systems"},
                new Object[] {"namespace without its system", WITH_NAMESPACE.replace("{MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}", "{MAPLE: }"), 19,
                        "a namespace id and its system are both required"},
                new Object[] {"duplicate namespace id", WITH_NAMESPACE.replace("{MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}",
                        "{MAPLE: urn:oid:2.16.840.1.113883.3.9999.1, MAPLE: urn:oid:2.16.840.1.113883.3.9999.1}"), 19,
                        "duplicate namespace id 'MAPLE'"},
                new Object[] {"bad certificate DN", VALID.replace("\"CN=maple-mllp,O=Maple KAP Clinic\"", "\"maple-mllp\""), 16,
                        "certificate subject 'maple-mllp' is not a distinguished name"},
                new Object[] {"blank sender", VALID.replace("facility: MAPLE_KAP_CLINIC", "facility: \"\""), 17, "blank HL7 v2 sender"},
                new Object[] {"bad organisation id", VALID.replace("[org-maple]", "[\"org maple\"]"), 10, "organization id 'org maple'"},
                new Object[] {"numeric organisation id", VALID.replace("[org-maple]", "[\"12345\"]"), 10, "not only digits"},
                new Object[] {"not a boolean", VALID.replace("part2: false", "part2: maybe"), 8, "expected true or false, found 'maybe'"},
                new Object[] {"client without scopes", VALID.replace("        scopes: [system/*.cruds]\n", ""), 12, "scopes are missing"},
                new Object[] {"unquoted {bcrypt} secret", VALID.replace("\"{bcrypt}" + SECRET_VALUE + "\"", "{bcrypt}"), 13,
                        "secret must be a quoted text"},
                new Object[] {"a list where a value belongs", VALID.replace("name: Maple KAP Clinic", "name: [Maple]"), 3,
                        "name: expected a single value"},
                new Object[] {"YAML syntax", VALID.replace("    kind: clinic", "    kind: clinic: x"), 4, "not valid YAML"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithFileLineAndReason(String what, String content, int line, String reason) {
        assertThatThrownBy(() -> parse(content))
                .isInstanceOfSatisfying(InvalidRegistryFile.class, refused -> {
                    assertThat(refused.problems()).anySatisfy(problem -> {
                        assertThat(problem.file()).isEqualTo(FILE);
                        assertThat(problem.line()).isEqualTo(line);
                        assertThat(problem.reason()).contains(reason);
                    });
                    assertThat(refused.getMessage()).contains(FILE + ":" + line + ": ").doesNotContain(SECRET_VALUE);
                });
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String content = VALID.replace("kind: clinic", "kind: clinik").replace("part2: false", "part2: maybe")
                .replace("[system/*.cruds]", "[system/*.sr]");
        assertThatThrownBy(() -> parse(content)).isInstanceOfSatisfying(InvalidRegistryFile.class, refused ->
                assertThat(refused.problems()).extracting(RegistryProblem::line).containsExactly(4, 8, 14));
    }

    @Test
    void aClientRuleOfAnotherModuleRefusesTheFileAtTheClientsLine() {
        ClientRule hashedOnly = (partner, client) -> client.secret().startsWith("{noop}")
                ? Optional.of("plain-text secret") : Optional.empty();
        String plain = VALID.replace("\"{bcrypt}" + SECRET_VALUE + "\"", SECRET_VALUE);
        assertThatThrownBy(() -> PartnerFile.parse(FILE, plain, TYPES, List.of(hashedOnly)))
                .isInstanceOfSatisfying(InvalidRegistryFile.class, refused -> {
                    assertThat(refused.problems()).singleElement().isEqualTo(new RegistryProblem(FILE, 12, "plain-text secret"));
                    assertThat(refused.getMessage()).doesNotContain(SECRET_VALUE);
                });
        assertThat(PartnerFile.parse(FILE, VALID, TYPES, List.of(hashedOnly))).hasSize(1);
    }

    @Test
    void anOutboundSecretNamedByAnEnvironmentVariableOrAFileIsReadAtEveryUse(@TempDir Path dir) throws IOException {
        // an environment variable every test JVM has: what matters is that the value comes from the environment
        OutboundAuth env = parse(FHIR_PARTNER.replace("secret: \"" + SECRET_VALUE + "\"", "secret-env: PATH")).get(0).outboundAuth();
        assertThat(env.secret()).isEqualTo(new OutboundAuth.Secret.Env("PATH"));
        assertThat(env.secret().value()).isEqualTo(System.getenv("PATH").strip());

        Path file = dir.resolve("rx");
        Files.writeString(file, "first-secret\n");
        OutboundAuth fromFile = parse(FHIR_PARTNER.replace("secret: \"" + SECRET_VALUE + "\"", "secret-file: " + file)).get(0).outboundAuth();
        assertThat(fromFile.secret().value()).isEqualTo("first-secret");
        Files.writeString(file, "rotated-secret"); // rotated: the next use reads the new one, no reload needed
        assertThat(fromFile.secret().value()).isEqualTo("rotated-secret");
        Files.delete(file);
        assertThatThrownBy(() -> fromFile.secret().value()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read");
        assertThat(fromFile.toString() + fromFile.secret() + parse(FHIR_PARTNER).get(0).outboundAuth().secret())
                .doesNotContain(SECRET_VALUE);
    }

    @Test
    void aSecretRuleOfAnotherModuleRefusesTheFileAtTheSecretsLine() {
        SecretRule notInTheFile = (partner, key, secret) -> secret instanceof OutboundAuth.Secret.Literal
                ? Optional.of(key + " is written in the registry file") : Optional.empty();
        assertThatThrownBy(() -> PartnerFile.parse(FILE, FHIR_PARTNER, TYPES, List.of(), List.of(notInTheFile)))
                .isInstanceOfSatisfying(InvalidRegistryFile.class, refused -> {
                    assertThat(refused.problems()).singleElement().isEqualTo(new RegistryProblem(FILE, 12,
                            "outbound-auth of partner rx: secret is written in the registry file"));
                    assertThat(refused.getMessage()).doesNotContain(SECRET_VALUE);
                });
        assertThat(PartnerFile.parse(FILE, FHIR_PARTNER.replace("secret: \"" + SECRET_VALUE + "\"", "secret-env: PATH"),
                TYPES, List.of(), List.of(notInTheFile))).hasSize(1);
        // the TLS store passwords of an MLLP partner: the same rule, at their line
        assertThatThrownBy(() -> PartnerFile.parse(FILE, WITH_HL7V2_OUT, TYPES, List.of(), List.of(notInTheFile)))
                .isInstanceOfSatisfying(InvalidRegistryFile.class, refused -> {
                    assertThat(refused.problems()).singleElement().isEqualTo(new RegistryProblem(FILE, 26,
                            "hl7v2-out of partner maple-clinic tls: truststore-password is written in the registry file"));
                    assertThat(refused.getMessage()).doesNotContain(SECRET_VALUE);
                });
    }

    @Test
    void readsTlsStorePasswordsNamedInTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        Path passwordFile = dir.resolve("keystore-password");
        Files.writeString(passwordFile, SECRET_VALUE + "\n");
        String named = WITH_HL7V2_OUT.replace("truststore-password: \"" + SECRET_VALUE + "\"",
                "truststore-password-env: PATH, keystore: /etc/kap/kaphub-client.p12, keystore-password-file: " + passwordFile);
        Hl7v2Out.Tls tls = PartnerFile.parse(FILE, named, TYPES, List.of(), List.of((partner, key, secret) ->
                secret instanceof OutboundAuth.Secret.Literal ? Optional.of("written") : Optional.empty())).get(0).hl7v2Out().tls();
        assertThat(tls).isEqualTo(new Hl7v2Out.Tls("/etc/kap/maple-ca.p12", new OutboundAuth.Secret.Env("PATH"),
                "/etc/kap/kaphub-client.p12", new OutboundAuth.Secret.File(passwordFile)));
        assertThat(tls.keystorePassword().value()).isEqualTo(SECRET_VALUE);
        assertThat(tls.toString()).doesNotContain(SECRET_VALUE);
    }

    private static List<Partner> parse(String content) {
        return PartnerFile.parse(FILE, content, TYPES, List.of());
    }
}
