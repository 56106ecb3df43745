package org.kaphub.partners;

import ca.uhn.fhir.context.FhirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The registry as the file {@code kap.partners.file} declares it. Read when the application starts (an invalid or missing
 * file stops it, naming file, line and reason), then checked every {@code kap.partners.reload-interval}: a changed
 * file that is valid replaces the registry, an invalid one is refused with its problems in the log and the running
 * registry stays. Lookups read one immutable snapshot, swapped whole.
 */
@Component
class FilePartnerRegistry implements PartnerRegistry, SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FilePartnerRegistry.class);

    private final Path file;
    private final PartnersProperties properties;
    private final Set<String> resourceTypes;
    private final List<ClientRule> rules;
    private final List<SecretRule> secretRules;
    private final List<Partner> builtIn;
    private final PartnerStore store;
    private ScheduledExecutorService poller;

    private volatile PartnerSnapshot snapshot;
    /** Hash of the content in force, and of the last content refused (so a broken file is logged once, not every poll). */
    private volatile String loadedHash;
    private volatile String refusedHash;
    private volatile Instant loadedAt;
    private volatile String lastError;

    FilePartnerRegistry(PartnersProperties properties, FhirContext fhir, List<ClientRule> rules,
                        List<SecretRule> secretRules, List<BuiltInPartners> builtIns, PartnerStore store) {
        this.properties = properties;
        this.file = properties.path();
        this.resourceTypes = Set.copyOf(fhir.getResourceTypes());
        this.rules = List.copyOf(rules);
        this.secretRules = List.copyOf(secretRules);
        List<Partner> fixed = new ArrayList<>();
        builtIns.forEach(source -> fixed.addAll(source.partners()));
        this.builtIn = List.copyOf(fixed);
        this.store = store;
        if (file == null) {
            this.snapshot = new PartnerSnapshot(List.of(), builtIn);
            log.warn("Partner registry: no file configured (KAP_PARTNERS_FILE); only built-in partners {}",
                    builtIn.stream().map(Partner::id).toList());
        } else {
            byte[] content = read(); // throws: an unreadable or invalid file stops the application
            this.snapshot = parse(content);
            this.loadedHash = sha256(content);
            logLoaded("loaded");
        }
        this.loadedAt = Instant.now();
    }

    /** Writes the registry to the tables and creates its Organizations once everything else exists, then starts polling. */
    @Override
    public void afterSingletonsInstantiated() {
        store.replace(snapshot.fromFile());
        if (file != null && !properties.reloadInterval().isZero() && !properties.reloadInterval().isNegative()) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "partner-registry-reload");
                thread.setDaemon(true);
                return thread;
            });
            long millis = properties.reloadInterval().toMillis();
            poller.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /**
     * Reloads when the file's content changed: valid → tables, Organizations and the in-memory registry replaced
     * together; invalid or unreadable → refused and logged (once per content), the running registry stays.
     *
     * @return whether a new registry is in force
     */
    synchronized boolean reloadIfChanged() {
        if (file == null) {
            return false;
        }
        try {
            byte[] content = read();
            String hash = sha256(content);
            if (hash.equals(loadedHash)) {
                refusedHash = null; // back to the content in force (e.g. a refused edit undone)
                lastError = null;
                return false;
            }
            if (hash.equals(refusedHash)) {
                return false;
            }
            PartnerSnapshot next;
            try {
                next = parse(content);
            } catch (InvalidRegistryFile e) {
                refusedHash = hash;
                throw e;
            }
            store.replace(next.fromFile()); // a failure here is retried at the next check
            snapshot = next;
            loadedHash = hash;
            refusedHash = null;
            loadedAt = Instant.now();
            lastError = null;
            logLoaded("reloaded");
            return true;
        } catch (InvalidRegistryFile e) {
            refuse(e.getMessage());
        } catch (RuntimeException e) {
            // e.g. the database: said without the registry's content
            refuse("Partner registry file " + file + " not applied: " + e.getClass().getSimpleName());
            log.debug("Partner registry reload failed", e);
        }
        return false;
    }

    private void refuse(String message) {
        if (!message.equals(lastError)) {
            log.error("{}; the running registry stays ({} partners)", message, snapshot.all().size());
        }
        lastError = message;
    }

    private PartnerSnapshot parse(byte[] content) {
        List<Partner> declared = PartnerFile.parse(file.toString(), new String(content, StandardCharsets.UTF_8),
                resourceTypes, rules, secretRules);
        PartnerSnapshot next = new PartnerSnapshot(declared, builtIn);
        List<String> shadowed = next.shadowed(declared);
        if (!shadowed.isEmpty()) {
            log.warn("Partner registry: {} left out, a built-in partner has its id or client id", shadowed);
        }
        return next;
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidRegistryFile(List.of(new RegistryProblem(file.toString(), 0, "file not found")));
        } catch (IOException e) {
            throw new InvalidRegistryFile(List.of(new RegistryProblem(file.toString(), 0, "cannot be read: "
                    + e.getClass().getSimpleName())));
        }
    }

    private void logLoaded(String what) {
        PartnerSnapshot current = snapshot;
        log.info("Partner registry {} from {}: {} partners ({} enabled), {} clients", what, file,
                current.fromFile().size(), current.fromFile().stream().filter(Partner::enabled).count(),
                current.fromFile().stream().mapToInt(p -> p.clients().size()).sum());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what the health indicator shows ----

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    Instant loadedAt() {
        return loadedAt;
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    // ---- PartnerRegistry ----

    @Override
    public List<Partner> all() {
        return snapshot.all();
    }

    @Override
    public Optional<Partner> byId(String id) {
        return snapshot.byId(id).filter(Partner::enabled);
    }

    @Override
    public Optional<Partner> byClientId(String clientId) {
        return snapshot.byClientId(clientId).filter(Partner::enabled);
    }

    @Override
    public Optional<Partner> anyByClientId(String clientId) {
        return snapshot.byClientId(clientId);
    }

    @Override
    public Optional<Partner> byCertificateSubject(String subject) {
        return snapshot.bySubject(subject).filter(Partner::enabled);
    }

    @Override
    public Optional<Partner> byHl7v2Sender(String application, String facility) {
        return snapshot.bySender(application, facility).filter(Partner::enabled);
    }

    @Override
    public boolean namesHl7v2Senders() {
        return snapshot.namesHl7v2Senders();
    }
}
