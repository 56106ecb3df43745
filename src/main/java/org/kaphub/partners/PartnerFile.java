package org.kaphub.partners;

import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a registry file (README "Partner registry") into partners, or refuses it with every problem found, each
 * with file, line and reason. It walks SnakeYAML's node tree rather than binding objects, so every value keeps its
 * line, an unknown key (a typo) is refused instead of ignored, and nothing but plain data is ever constructed.
 * A secret's value never appears in a problem.
 */
final class PartnerFile {

    private static final List<String> TOP_KEYS = List.of("partners");
    private static final List<String> PARTNER_KEYS = List.of("id", "name", "kind", "protocol", "endpoint", "receives",
            "part2", "enabled", "organizations", "clients", "resource-types", "certificate-subjects", "hl7v2-senders",
            "assigning-authorities", "assigning-authority-namespaces", "pull", "outbound-auth", "hl7v2-out");
    private static final List<String> HL7V2_OUT_KEYS = List.of("version", "sending-application", "sending-facility",
            "receiving-application", "receiving-facility", "character-set", "on-application-error", "tls");
    private static final List<String> TLS_KEYS = List.of("truststore", "truststore-password", "truststore-password-env",
            "truststore-password-file", "keystore", "keystore-password", "keystore-password-env", "keystore-password-file");
    private static final List<String> OUTBOUND_AUTH_KEYS = List.of("token-url", "client-id", "method", "secret",
            "secret-env", "secret-file", "scopes");
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> CLIENT_KEYS = List.of("client-id", "secret", "jwks-uri", "scopes");
    private static final List<String> SENDER_KEYS = List.of("application", "facility");
    private static final List<String> PULL_KEYS = List.of("interval", "resource-types");
    private static final Duration SHORTEST_PULL_INTERVAL = Duration.ofSeconds(1);

    private static final Pattern PARTNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CLIENT_ID = Pattern.compile("[!-~]{1,100}"); // printable ASCII, no blanks
    /** A FHIR id HAPI accepts as a client-assigned id: not purely numeric (its default id strategy). */
    private static final Pattern ORGANIZATION_ID = Pattern.compile("(?=.*[^0-9])[A-Za-z0-9.-]{1,64}");

    private final String file;
    private final Set<String> resourceTypes;
    private final List<ClientRule> rules;
    private final List<SecretRule> secretRules;
    private final List<RegistryProblem> problems = new ArrayList<>();
    private final Map<String, Node> partnerIds = new HashMap<>();
    private final Map<String, Node> clientIds = new HashMap<>();
    private final Map<String, Node> subjects = new HashMap<>();
    private final Map<Hl7v2Sender, Node> senders = new HashMap<>();

    private PartnerFile(String file, Set<String> resourceTypes, List<ClientRule> rules, List<SecretRule> secretRules) {
        this.file = file;
        this.resourceTypes = resourceTypes;
        this.rules = rules;
        this.secretRules = secretRules;
    }

    /**
     * The partners {@code content} declares.
     *
     * @param file          how problems name the file
     * @param resourceTypes the FHIR resource types there are (HAPI's FhirContext)
     * @param rules         what other modules require of every client (e.g. hashed secrets in production)
     * @throws InvalidRegistryFile with every problem found
     */
    static List<Partner> parse(String file, String content, Set<String> resourceTypes, List<ClientRule> rules) {
        return parse(file, content, resourceTypes, rules, List.of());
    }

    /** @param secretRules what other modules require of every secret the file names (e.g. none written in it in production) */
    static List<Partner> parse(String file, String content, Set<String> resourceTypes, List<ClientRule> rules,
                               List<SecretRule> secretRules) {
        return new PartnerFile(file, resourceTypes, rules, secretRules).read(content);
    }

    private List<Partner> read(String content) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            options.setNestingDepthLimit(20);
            root = new Yaml(options).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            // the problem only (e.g. "mapping values are not allowed here"), never the quoted context: it may be a secret
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            throw new InvalidRegistryFile(List.of(new RegistryProblem(file, line, "not valid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new InvalidRegistryFile(List.of(new RegistryProblem(file, 1, "not valid YAML")));
        }
        List<Partner> partners = new ArrayList<>();
        if (root != null && !isNull(root)) {
            Map<String, Node> top = mapping(root, "the file", TOP_KEYS);
            Node list = top == null ? null : top.get("partners");
            if (list != null && !isNull(list)) {
                if (list instanceof SequenceNode sequence) {
                    for (Node entry : sequence.getValue()) {
                        partner(entry).ifPresent(partners::add);
                    }
                } else {
                    problem(list, "partners: expected a list of partners (- id: …)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryFile(problems);
        }
        return partners;
    }

    private Optional<Partner> partner(Node node) {
        Map<String, Node> values = mapping(node, "a partner", PARTNER_KEYS);
        if (values == null) {
            return Optional.empty();
        }
        int before = problems.size();
        String id = required(values, "id", node, "a partner");
        if (id != null) {
            if (!PARTNER_ID.matcher(id).matches()) {
                problem(values.get("id"), "partner id '" + id + "' must be 1–64 letters, digits, '.', '_' or '-'");
            } else {
                unique(partnerIds, id.toLowerCase(Locale.ROOT), values.get("id"), "partner id '" + id + "' (ignoring case)");
            }
        }
        String name = required(values, "name", node, "partner " + id);
        longest(values.get("name"), name, 200, "name");
        Partner.Kind kind = choice(values, "kind", Partner.Kind.class, node, "partner " + id, true);
        Partner.Protocol protocol = choice(values, "protocol", Partner.Protocol.class, node, "partner " + id, false);
        String endpoint = endpoint(values.get("endpoint"), protocol);
        Set<String> receives = resourceTypes(values.get("receives"), "receives");
        boolean part2 = flag(values.get("part2"), false);
        boolean enabled = flag(values.get("enabled"), true);
        Set<String> organizations = new LinkedHashSet<>();
        for (Item item : texts(values.get("organizations"), "organizations")) {
            if (!ORGANIZATION_ID.matcher(item.value).matches()) {
                problem(item.node, "organization id '" + item.value + "' is not a FHIR id KAP Hub can create "
                        + "(1–64 letters, digits, '-' or '.', not only digits)");
            }
            organizations.add(item.value);
        }
        List<PartnerClient> clients = new ArrayList<>();
        Map<PartnerClient, Node> clientNodes = new IdentityHashMap<>();
        Node clientList = values.get("clients");
        if (clientList != null && !isNull(clientList)) {
            if (clientList instanceof SequenceNode sequence) {
                for (Node entry : sequence.getValue()) {
                    client(entry).ifPresent(client -> {
                        clients.add(client);
                        clientNodes.put(client, entry);
                    });
                }
            } else {
                problem(clientList, "clients: expected a list of clients (- client-id: …)");
            }
        }
        Set<String> types = resourceTypes(values.get("resource-types"), "resource-types");
        List<String> certificateSubjects = new ArrayList<>();
        for (Item item : texts(values.get("certificate-subjects"), "certificate-subjects")) {
            Optional<String> canonical = DistinguishedNames.canonical(item.value);
            if (!longest(item.node, item.value, 500, "certificate subject")) {
                continue;
            }
            if (canonical.isEmpty()) {
                problem(item.node, "certificate subject '" + item.value + "' is not a distinguished name (e.g. CN=maple-mllp,O=Maple KAP Clinic)");
            } else {
                unique(subjects, canonical.get(), item.node, "certificate subject '" + item.value + "'");
            }
            certificateSubjects.add(item.value);
        }
        List<Hl7v2Sender> hl7v2Senders = hl7v2Senders(values.get("hl7v2-senders"));
        Set<String> assigningAuthorities = new LinkedHashSet<>();
        for (Item item : texts(values.get("assigning-authorities"), "assigning-authorities")) {
            if (longest(item.node, item.value, 255, "assigning authority") && absoluteUri(item.value).isEmpty()) {
                problem(item.node, "assigning authority '" + item.value + "' is not an absolute URI (e.g. urn:oid:2.16.840.1.113883.3.9999.1)");
            }
            assigningAuthorities.add(item.value);
        }
        Map<String, String> namespaces = namespaces(values.get("assigning-authority-namespaces"), assigningAuthorities);
        Partner.Pull pull = pull(values.get("pull"), protocol, endpoint, types);
        OutboundAuth outboundAuth = outboundAuth(values.get("outbound-auth"), protocol, id);
        Hl7v2Out hl7v2Out = hl7v2Out(values.get("hl7v2-out"), protocol, id);
        if (problems.size() > before) {
            return Optional.empty();
        }
        Partner partner = new Partner(id, name, kind, protocol, endpoint, receives, part2, enabled, organizations, clients,
                types, certificateSubjects, hl7v2Senders, assigningAuthorities, namespaces, pull, outboundAuth, hl7v2Out);
        for (PartnerClient client : clients) {
            for (ClientRule rule : rules) {
                rule.problem(partner, client).ifPresent(reason -> problem(clientNodes.get(client), reason));
            }
        }
        return Optional.of(partner);
    }

    private Optional<PartnerClient> client(Node node) {
        Map<String, Node> values = mapping(node, "a client", CLIENT_KEYS);
        if (values == null) {
            return Optional.empty();
        }
        int before = problems.size();
        String clientId = required(values, "client-id", node, "a client");
        if (clientId != null) {
            if (!CLIENT_ID.matcher(clientId).matches()) {
                problem(values.get("client-id"), "client id '" + clientId + "' must be 1–100 printable characters without blanks");
            } else {
                unique(clientIds, clientId.toLowerCase(Locale.ROOT), values.get("client-id"), "client id '" + clientId + "' (ignoring case)");
            }
        }
        String secret = null;
        Node secretNode = values.get("secret");
        if (secretNode != null) {
            if (secretNode instanceof ScalarNode scalar && !isNull(scalar)) {
                secret = scalar.getValue().trim();
                if (secret.isEmpty()) {
                    problem(secretNode, "client " + clientId + ": secret is blank");
                } else if (secret.length() > 500) {
                    problem(secretNode, "client " + clientId + ": secret is longer than 500 characters");
                }
            } else if (isNull(secretNode)) {
                problem(secretNode, "client " + clientId + ": secret is blank");
            } else {
                // most often an unquoted {bcrypt}…, which YAML reads as a mapping
                problem(secretNode, "client " + clientId + ": secret must be a quoted text (\"{bcrypt}…\")");
            }
        }
        String jwksUri = text(values.get("jwks-uri"), "jwks-uri");
        if (jwksUri != null && longest(values.get("jwks-uri"), jwksUri, 500, "jwks-uri") && !httpUri(jwksUri)) {
            problem(values.get("jwks-uri"), "client " + clientId + ": jwks-uri '" + jwksUri + "' is not an http(s) URL");
        }
        // neither secret nor jwks-uri: a client of the clinic identity provider, which signs its tokens (security's
        // ClientRule refuses it when no such issuer is configured)
        Set<String> scopes = new LinkedHashSet<>();
        for (Item item : texts(values.get("scopes"), "scopes")) {
            if (longest(item.node, item.value, 100, "scope")) {
                PartnerScopes.problem(item.value, resourceTypes).ifPresent(reason -> problem(item.node, reason));
            }
            scopes.add(item.value);
        }
        if (scopes.isEmpty() && problems.size() == before) {
            problem(node, "client " + clientId + ": scopes are missing (e.g. scopes: [system/*.rs])");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new PartnerClient(clientId, encoded(secret), jwksUri, scopes));
    }

    /** How KAP Hub signs in at a FHIR partner it sends to; null when absent. The secret is never quoted in a problem. */
    private OutboundAuth outboundAuth(Node node, Partner.Protocol protocol, String partnerId) {
        if (node == null || isNull(node)) {
            return null;
        }
        String what = "outbound-auth of partner " + partnerId;
        Map<String, Node> values = mapping(node, what, OUTBOUND_AUTH_KEYS);
        if (values == null) {
            return null;
        }
        int before = problems.size();
        if (protocol != Partner.Protocol.FHIR_REST) {
            problem(node, what + ": only a partner with protocol fhir-rest is sent to over FHIR");
        }
        String tokenUrl = required(values, "token-url", node, what);
        if (tokenUrl != null && longest(values.get("token-url"), tokenUrl, 500, "token-url") && !httpUri(tokenUrl)) {
            problem(values.get("token-url"), what + ": token-url '" + tokenUrl + "' is not an http(s) URL");
        }
        String clientId = required(values, "client-id", node, what);
        longest(values.get("client-id"), clientId, 200, "client-id");
        OutboundAuth.Method method = choice(values, "method", OutboundAuth.Method.class, node, what, true);
        Named named = secret(values, "secret", partnerId, what);
        Node secretNode = named == null ? null : named.node();
        OutboundAuth.Secret secret = named == null ? null : named.secret();
        if (method == OutboundAuth.Method.CLIENT_SECRET_BASIC && secretNode == null && problems.size() == before) {
            problem(node, what + ": client-secret-basic needs a secret (secret-env, secret-file or secret)");
        } else if (method == OutboundAuth.Method.PRIVATE_KEY_JWT && secretNode != null) {
            problem(secretNode, what + ": private-key-jwt signs with KAP Hub's key; a secret is not used");
        }
        List<String> scopes = new ArrayList<>();
        for (Item item : texts(values.get("scopes"), "scopes")) {
            if (longest(item.node, item.value, 100, "scope")) {
                scopes.add(item.value);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new OutboundAuth(tokenUrl, clientId, method, secret, scopes);
    }

    /** A secret and the line that names it. */
    private record Named(Node node, OutboundAuth.Secret secret) {
    }

    /**
     * The secret given by one of {@code key} (in the file), {@code key-env} or {@code key-file}; null when none is
     * given or it is refused (a problem says why, never quoting it). Every {@link SecretRule} is applied to it.
     */
    private Named secret(Map<String, Node> values, String key, String partnerId, String what) {
        Named named = null;
        for (String form : List.of(key, key + "-env", key + "-file")) {
            Node keyNode = values.get(form);
            if (keyNode == null) {
                continue;
            }
            if (named != null) {
                problem(keyNode, what + ": one of " + key + ", " + key + "-env, " + key + "-file");
                return new Named(named.node(), null);
            }
            named = new Named(keyNode, null);
            if (!(keyNode instanceof ScalarNode)) {
                problem(keyNode, what + ": " + form + " must be a quoted text");
                continue;
            }
            String value = text(keyNode, form);
            if (value == null) {
                problem(keyNode, what + ": " + form + " is blank");
            } else {
                named = new Named(keyNode, secret(form.substring(key.length()), key, value, keyNode, what));
            }
        }
        if (named == null || named.secret() == null) {
            return named; // absent, or refused: its node only, so that "needs a secret" is not said as well
        }
        Named given = named;
        int before = problems.size();
        for (SecretRule rule : secretRules) {
            rule.problem(partnerId, key, given.secret()).ifPresent(reason -> problem(given.node(), what + ": " + reason));
        }
        return problems.size() > before ? new Named(given.node(), null) : given;
    }

    /**
     * Where the secret is; an environment variable or file that cannot be read now is a problem of the file (found at
     * start-up, not at the first push), though the secret is read again at every use.
     */
    private OutboundAuth.Secret secret(String form, String key, String value, Node node, String what) {
        OutboundAuth.Secret secret = switch (form) {
            case "-env" -> {
                if (!ENV_NAME.matcher(value).matches()) {
                    problem(node, what + ": " + key + "-env '" + value + "' is not an environment variable name");
                    yield null;
                }
                yield new OutboundAuth.Secret.Env(value);
            }
            case "-file" -> new OutboundAuth.Secret.File(java.nio.file.Path.of(value));
            default -> longest(node, value, 500, key) ? new OutboundAuth.Secret.Literal(value) : null;
        };
        if (secret != null && !(secret instanceof OutboundAuth.Secret.Literal)) {
            try {
                secret.value();
            } catch (IllegalStateException e) {
                problem(node, what + ": " + e.getMessage());
            }
        }
        return secret;
    }

    /**
     * How KAP Hub speaks HL7 v2 to a partner receiving over MLLP; every key optional (absent block: every default).
     * Null for a partner of another protocol. A password's value never appears in a problem.
     */
    private Hl7v2Out hl7v2Out(Node node, Partner.Protocol protocol, String partnerId) {
        String what = "hl7v2-out of partner " + partnerId;
        if (node == null || isNull(node)) {
            return protocol == Partner.Protocol.HL7V2_MLLP ? Hl7v2Out.defaults() : null;
        }
        Map<String, Node> values = mapping(node, what, HL7V2_OUT_KEYS);
        if (values == null) {
            return null;
        }
        if (protocol != Partner.Protocol.HL7V2_MLLP) {
            problem(node, what + ": only a partner with protocol hl7v2-mllp is sent HL7 v2");
        }
        String version = text(values.get("version"), "version");
        if (version == null) {
            version = Hl7v2Out.DEFAULT_VERSION;
        } else if (!Hl7v2Out.VERSIONS.contains(version)) {
            problem(values.get("version"), what + ": version '" + version + "' is not one of "
                    + String.join(", ", new TreeSet<>(Hl7v2Out.VERSIONS)));
        }
        String[] hd = new String[4];
        List<String> hdKeys = List.of("sending-application", "sending-facility", "receiving-application", "receiving-facility");
        for (int i = 0; i < hd.length; i++) {
            hd[i] = text(values.get(hdKeys.get(i)), hdKeys.get(i));
            if (hd[i] != null && longest(values.get(hdKeys.get(i)), hd[i], 227, hdKeys.get(i))
                    && (hd[i].contains("|") || hd[i].contains("~") || hd[i].contains("\\") || hd[i].contains("&"))) {
                problem(values.get(hdKeys.get(i)), what + ": " + hdKeys.get(i)
                        + " may hold components (^) but no other HL7 v2 delimiter (| ~ \\ &)");
            }
        }
        String characterSet = text(values.get("character-set"), "character-set");
        if (characterSet != null && !Hl7v2Out.CHARACTER_SETS.contains(characterSet)) {
            problem(values.get("character-set"), what + ": character-set '" + characterSet + "' is not one of "
                    + String.join(", ", new TreeSet<>(Hl7v2Out.CHARACTER_SETS)));
        }
        Hl7v2Out.ApplicationErrorPolicy onError = choice(values, "on-application-error",
                Hl7v2Out.ApplicationErrorPolicy.class, node, what, false);
        Hl7v2Out.Tls tls = hl7v2OutTls(values.get("tls"), partnerId, what);
        return new Hl7v2Out(version, hd[0], hd[1], hd[2], hd[3], characterSet,
                onError == null ? Hl7v2Out.ApplicationErrorPolicy.DEAD_LETTER : onError, tls);
    }

    /**
     * {@code tls: {truststore: …, keystore: …}}: PKCS#12 files; a key store makes it mutual TLS. Each password is given
     * as an outbound-auth secret is: {@code …-password} (in the file), {@code …-password-env} or {@code …-password-file}.
     */
    private Hl7v2Out.Tls hl7v2OutTls(Node node, String partnerId, String what) {
        if (node == null || isNull(node)) {
            return null;
        }
        Map<String, Node> values = mapping(node, what + " tls", TLS_KEYS);
        if (values == null) {
            return null;
        }
        int before = problems.size();
        String[] stores = new String[2];
        List<String> storeKeys = List.of("truststore", "keystore");
        for (int i = 0; i < stores.length; i++) {
            Node value = values.get(storeKeys.get(i));
            if (value != null && !(value instanceof ScalarNode)) {
                problem(value, what + " tls: " + storeKeys.get(i) + " must be a single value");
            } else {
                stores[i] = text(value, storeKeys.get(i));
            }
        }
        Named trustPassword = secret(values, "truststore-password", partnerId, what + " tls");
        Named keyPassword = secret(values, "keystore-password", partnerId, what + " tls");
        if (stores[0] == null && stores[1] == null) {
            problem(node, what + " tls: a truststore, a keystore or both (absent tls: plain MLLP)");
        }
        if (stores[0] != null && trustPassword == null || stores[1] != null && keyPassword == null) {
            problem(node, what + " tls: a truststore or keystore needs its password (-password, -password-env or "
                    + "-password-file)");
        }
        if (stores[0] == null && trustPassword != null || stores[1] == null && keyPassword != null) {
            problem(node, what + " tls: a password without its store");
        }
        return problems.size() > before ? null : new Hl7v2Out.Tls(stores[0], trustPassword == null ? null : trustPassword.secret(),
                stores[1], keyPassword == null ? null : keyPassword.secret());
    }

    private List<Hl7v2Sender> hl7v2Senders(Node node) {
        List<Hl7v2Sender> result = new ArrayList<>();
        if (node == null || isNull(node)) {
            return result;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, "hl7v2-senders: expected a list ({application: …, facility: …})");
            return result;
        }
        for (Node entry : sequence.getValue()) {
            Map<String, Node> values = mapping(entry, "an HL7 v2 sender", SENDER_KEYS);
            if (values == null) {
                continue;
            }
            String application = text(values.get("application"), "application");
            String facility = text(values.get("facility"), "facility");
            if (application == null || facility == null) {
                problem(entry, "blank HL7 v2 sender: both application (MSH-3) and facility (MSH-4) are required");
                continue;
            }
            if (!longest(values.get("application"), application, 227, "application")
                    || !longest(values.get("facility"), facility, 227, "facility")) {
                continue;
            }
            Hl7v2Sender sender = new Hl7v2Sender(application, facility);
            unique(senders, sender, entry, "HL7 v2 sender " + application + "/" + facility);
            result.add(sender);
        }
        return result;
    }

    /** {@code pull: {interval: 60s, resource-types: [MedicationRequest, CarePlan]}}; absent: not pulled from. */
    private Partner.Pull pull(Node node, Partner.Protocol protocol, String endpoint, Set<String> limit) {
        if (node == null || isNull(node)) {
            return null;
        }
        Map<String, Node> values = mapping(node, "pull", PULL_KEYS);
        if (values == null) {
            return null;
        }
        if (protocol != Partner.Protocol.FHIR_REST || endpoint == null) {
            problem(node, "pull needs protocol fhir-rest and the partner's FHIR base URL as endpoint");
        }
        Duration interval = Partner.Pull.DEFAULT_INTERVAL;
        String text = text(values.get("interval"), "interval");
        if (text != null) {
            try {
                interval = DurationStyle.detectAndParse(text);
                if (interval.compareTo(SHORTEST_PULL_INTERVAL) < 0) {
                    problem(values.get("interval"), "pull interval '" + text + "' is shorter than 1s");
                }
            } catch (IllegalArgumentException e) {
                problem(values.get("interval"), "pull interval '" + text + "' is not a duration (e.g. 60s, 5m)");
            }
        }
        List<String> types = List.copyOf(values.containsKey("resource-types")
                ? resourceTypes(values.get("resource-types"), "pull resource-types") : Partner.Pull.DEFAULT_RESOURCE_TYPES);
        if (types.isEmpty()) {
            problem(values.get("resource-types"), "pull resource-types: empty (absent: " + Partner.Pull.DEFAULT_RESOURCE_TYPES + ")");
        }
        Set<String> written = new LinkedHashSet<>(types);
        written.add("Patient"); // the Patients the pulled records refer to are written too
        written.removeAll(limit);
        if (!limit.isEmpty() && !written.isEmpty()) {
            problem(node, "pull: the partner's resource-types do not allow " + String.join(", ", written));
        }
        return new Partner.Pull(interval, types);
    }

    /**
     * {@code assigning-authority-namespaces: {MAPLE: urn:oid:…}}: HD-1 namespace id (as sent, case-sensitive) → the
     * identifier system it stands for; with {@code assigning-authorities} named, the system must be one of them.
     */
    private Map<String, String> namespaces(Node node, Set<String> assigningAuthorities) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return namespaces;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "assigning-authority-namespaces: expected namespace ids and systems ({MAPLE: urn:oid:…})");
            return namespaces;
        }
        for (NodeTuple tuple : map.getValue()) {
            String namespace = text(tuple.getKeyNode(), "assigning-authority-namespaces namespace id");
            String system = text(tuple.getValueNode(), "assigning-authority-namespaces system");
            if (namespace == null || system == null) {
                problem(tuple.getKeyNode(), "assigning-authority-namespaces: a namespace id and its system are both required");
                continue;
            }
            if (!longest(tuple.getKeyNode(), namespace, 227, "namespace id")
                    || !longest(tuple.getValueNode(), system, 255, "assigning authority")) {
                continue;
            }
            if (absoluteUri(system).isEmpty()) {
                problem(tuple.getValueNode(), "assigning authority '" + system
                        + "' is not an absolute URI (e.g. urn:oid:2.16.840.1.113883.3.9999.1)");
            } else if (!assigningAuthorities.isEmpty() && !assigningAuthorities.contains(system)) {
                problem(tuple.getValueNode(), "assigning-authority-namespaces: '" + system
                        + "' is not one of the partner's assigning-authorities");
            }
            if (namespaces.putIfAbsent(namespace, system) != null) {
                problem(tuple.getKeyNode(), "duplicate namespace id '" + namespace + "' in assigning-authority-namespaces");
            }
        }
        return namespaces;
    }

    private String endpoint(Node node, Partner.Protocol protocol) {
        String endpoint = text(node, "endpoint");
        if (endpoint == null || !longest(node, endpoint, 500, "endpoint")) {
            return endpoint;
        }
        if (protocol == null) {
            problem(node, "endpoint needs a protocol (hl7v2-mllp | fhir-rest)");
            return endpoint;
        }
        boolean valid = switch (protocol) {
            case HL7V2_MLLP -> absoluteUri(endpoint).filter(uri -> "mllp".equals(uri.getScheme()) && uri.getHost() != null
                    && uri.getPort() > 0).isPresent();
            case FHIR_REST -> httpUri(endpoint);
        };
        if (!valid) {
            problem(node, "endpoint '" + endpoint + "' is not " + (protocol == Partner.Protocol.HL7V2_MLLP
                    ? "an mllp://host:port address" : "an http(s) FHIR base URL"));
        }
        return endpoint;
    }

    private Set<String> resourceTypes(Node node, String what) {
        Set<String> types = new LinkedHashSet<>();
        for (Item item : texts(node, what)) {
            if (!resourceTypes.contains(item.value)) {
                problem(item.node, what + ": '" + item.value + "' is not a FHIR R4 resource type");
            }
            types.add(item.value);
        }
        return types;
    }

    private <E extends Enum<E>> E choice(Map<String, Node> values, String key, Class<E> type, Node parent, String what,
                                         boolean required) {
        String value = text(values.get(key), key);
        List<String> spellings = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String spelling = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            spellings.add(spelling);
            if (spelling.equals(value)) {
                return constant;
            }
        }
        if (value != null) {
            problem(values.get(key), "unknown " + key + " '" + value + "' (" + String.join(" | ", spellings) + ")");
        } else if (required) {
            problem(values.get(key) != null ? values.get(key) : parent, what + ": missing '" + key + "' ("
                    + String.join(" | ", spellings) + ")");
        }
        return null;
    }

    private boolean flag(Node node, boolean absent) {
        String value = text(node, "flag");
        if (value == null) {
            return absent;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
        }
        problem(node, "expected true or false, found '" + value + "'");
        return absent;
    }

    // ---- the YAML node tree ----

    private record Item(String value, Node node) {
    }

    private Map<String, Node> mapping(Node node, String what, List<String> allowed) {
        if (!(node instanceof MappingNode map)) {
            problem(node, what + ": expected keys and values (key: value)");
            return null;
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problem(tuple.getKeyNode(), what + ": a key must be a plain name");
                continue;
            }
            String name = key.getValue();
            if (!allowed.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                problem(key, "unknown key '" + shown + "' in " + what + " (allowed: " + String.join(", ", allowed) + ")");
            } else if (values.containsKey(name)) {
                problem(key, "duplicate key '" + name + "' in " + what);
            } else {
                values.put(name, tuple.getValueNode());
            }
        }
        return values;
    }

    private String required(Map<String, Node> values, String key, Node parent, String what) {
        String value = text(values.get(key), key);
        if (value == null && values.get(key) == null) {
            problem(parent, what + ": missing '" + key + "'");
        } else if (value == null) {
            problem(values.get(key), what + ": '" + key + "' is blank");
        }
        return value;
    }

    /** A scalar's text, trimmed; null when absent, null or blank. */
    private String text(Node node, String what) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, what + ": expected a single value");
            return null;
        }
        String value = scalar.getValue().trim();
        return value.isEmpty() ? null : value;
    }

    /** A list of values ([a, b] or one "- a" per line); absent or null: empty. */
    private List<Item> texts(Node node, String what) {
        List<Item> items = new ArrayList<>();
        if (node == null || isNull(node)) {
            return items;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, what + ": expected a list ([a, b])");
            return items;
        }
        for (Node entry : sequence.getValue()) {
            String value = text(entry, what);
            if (value == null) {
                problem(entry, what + ": empty entry");
            } else {
                items.add(new Item(value, entry));
            }
        }
        return items;
    }

    /** Whether {@code value} fits its column; else a problem (the value is not repeated: it may be long). */
    private boolean longest(Node node, String value, int max, String what) {
        if (value != null && value.length() > max) {
            problem(node, what + " is longer than " + max + " characters");
            return false;
        }
        return true;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private <K> void unique(Map<K, Node> seen, K key, Node node, String what) {
        Node first = seen.putIfAbsent(key, node);
        if (first != null) {
            problem(node, "duplicate " + what + " (first at line " + line(first) + ")");
        }
    }

    private void problem(Node node, String reason) {
        problems.add(new RegistryProblem(file, node == null ? 1 : line(node), reason));
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    // ---- values ----

    private static Optional<URI> absoluteUri(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean httpUri(String value) {
        return absoluteUri(value).filter(uri -> ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                && uri.getHost() != null).isPresent();
    }

    /** A secret without an encoder prefix is plain text: {noop} (production refuses it, see security's rules). */
    private static String encoded(String secret) {
        if (secret == null) {
            return null;
        }
        return secret.startsWith("{") ? secret : "{noop}" + secret;
    }
}
