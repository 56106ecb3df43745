package org.kaphub.partners;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry in memory: its lookups, built-in partners, start-up refusal and reloads (valid, invalid, undone). */
class FilePartnerRegistryTest {

    static final String NORTH = """
            partners:
              - id: north
                name: North clinic
                kind: clinic
                organizations: [org-north]
                clients: [{client-id: north-ehr, secret: "{bcrypt}x", scopes: [system/*.cruds]}]
                certificate-subjects: ["CN=north-mllp,O=North"]
                hl7v2-senders: [{application: EHR, facility: NORTH}]
              - id: closed
                name: Closed clinic
                kind: clinic
                enabled: false
                clients: [{client-id: closed-ehr, secret: "{bcrypt}x", scopes: [system/*.rs]}]
                certificate-subjects: ["CN=closed-mllp,O=Closed"]
            """;

    @TempDir
    Path dir;
    final List<List<Partner>> stored = new ArrayList<>();

    @Test
    void findsEnabledPartnersByEveryIdentityAndDisabledOnesOnlyInTheList() throws IOException {
        FilePartnerRegistry registry = registry(write(NORTH), List.of());
        assertThat(registry.byClientId("north-ehr")).map(Partner::id).hasValue("north");
        assertThat(registry.byId("north")).isPresent();
        assertThat(registry.byCertificateSubject("O=North, CN=north-mllp")).map(Partner::id).hasValue("north"); // OpenSSL order
        assertThat(registry.byHl7v2Sender("EHR", "NORTH")).map(Partner::id).hasValue("north");
        assertThat(registry.byHl7v2Sender("EHR", "north")).isEmpty(); // compared exactly
        assertThat(registry.namesHl7v2Senders()).isTrue();
        assertThat(registry.byClientId("closed-ehr")).isEmpty();
        assertThat(registry.byId("closed")).isEmpty();
        assertThat(registry.byCertificateSubject("CN=closed-mllp,O=Closed")).isEmpty();
        assertThat(registry.anyByClientId("closed-ehr")).map(Partner::enabled).hasValue(false);
        assertThat(registry.all()).extracting(Partner::id).containsExactly("north", "closed");
    }

    @Test
    void builtInPartnersWinOverTheFileAndAreNotStored() throws IOException {
        Partner dev = new Partner("kap-dev", "Dev", Partner.Kind.EHR, null, null, Set.of(), true, true, Set.of(),
                List.of(new PartnerClient("kap-dev", "{noop}dev", null, Set.of("system/*.cruds"))), Set.of(), List.of(),
                List.of(), Set.of());
        Path file = write(NORTH + """
                  - id: impostor
                    name: Impostor
                    kind: ehr
                    clients: [{client-id: kap-dev, secret: "{bcrypt}x", scopes: [system/*.cruds]}]
                """);
        FilePartnerRegistry registry = registry(file, List.of(dev));
        registry.afterSingletonsInstantiated();
        assertThat(registry.byClientId("kap-dev")).hasValue(dev);
        assertThat(registry.byId("impostor")).isEmpty();
        assertThat(stored.get(0)).extracting(Partner::id).containsExactly("north", "closed");
        assertThat(registry.namesHl7v2Senders()).isTrue();
        registry.destroy();
    }

    @Test
    void aMissingOrInvalidFileStopsTheStartWithFileLineAndReason() throws IOException {
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> registry(missing, List.of())).isInstanceOf(InvalidRegistryFile.class)
                .hasMessageContaining(missing + ": file not found");
        Path invalid = write(NORTH.replace("kind: clinic", "kind: clinik"));
        assertThatThrownBy(() -> registry(invalid, List.of())).isInstanceOf(InvalidRegistryFile.class)
                .hasMessageContaining(invalid + ":4: unknown kind 'clinik'");
    }

    @Test
    void reloadsAValidChangeRefusesAnInvalidOneAndForgetsTheErrorWhenItIsUndone() throws IOException {
        Path file = write(NORTH);
        FilePartnerRegistry registry = registry(file, List.of());
        assertThat(registry.reloadIfChanged()).isFalse(); // unchanged
        Files.writeString(file, NORTH.replace("enabled: false", "enabled: true"));
        assertThat(registry.reloadIfChanged()).isTrue();
        assertThat(registry.byClientId("closed-ehr")).isPresent();
        assertThat(stored).hasSize(1);
        String good = Files.readString(file);

        Files.writeString(file, good.replace("client-id: north-ehr", "client-id: north-ehr, colour: red"));
        assertThat(registry.reloadIfChanged()).isFalse();
        assertThat(registry.lastError()).get().asString().contains(file + ":6: unknown key 'colour'");
        assertThat(registry.byClientId("north-ehr")).isPresent(); // the running registry stays
        assertThat(registry.reloadIfChanged()).isFalse(); // refused once, not again at every check
        assertThat(stored).hasSize(1);

        Files.writeString(file, good);
        assertThat(registry.reloadIfChanged()).isFalse(); // the content in force
        assertThat(registry.lastError()).isEmpty();

        Files.delete(file);
        assertThat(registry.reloadIfChanged()).isFalse();
        assertThat(registry.lastError()).get().asString().contains("file not found");
        assertThat(registry.byClientId("north-ehr")).isPresent();
    }

    @Test
    void aStoreFailureKeepsTheRunningRegistryAndIsRetried() throws IOException {
        Path file = write(NORTH);
        boolean[] failing = {true};
        FilePartnerRegistry registry = new FilePartnerRegistry(new PartnersProperties(file.toString(), Duration.ZERO),
                FhirContext.forR4Cached(), List.of(), List.of(), List.of(), partners -> {
            if (failing[0]) {
                throw new IllegalStateException("database down");
            }
            stored.add(partners);
        });
        Files.writeString(file, NORTH.replace("Closed clinic", "Reopened clinic"));
        assertThat(registry.reloadIfChanged()).isFalse();
        assertThat(registry.all()).extracting(Partner::name).contains("Closed clinic");
        failing[0] = false;
        assertThat(registry.reloadIfChanged()).isTrue();
        assertThat(registry.all()).extracting(Partner::name).contains("Reopened clinic");
    }

    @Test
    void withoutAFileOnlyBuiltInPartnersExist() {
        FilePartnerRegistry registry = new FilePartnerRegistry(new PartnersProperties(" ", Duration.ofSeconds(5)),
                FhirContext.forR4Cached(), List.of(), List.of(), List.of(), stored::add);
        assertThat(registry.all()).isEmpty();
        assertThat(registry.namesHl7v2Senders()).isFalse();
        assertThat(registry.reloadIfChanged()).isFalse();
    }

    private FilePartnerRegistry registry(Path file, List<Partner> builtIn) {
        return new FilePartnerRegistry(new PartnersProperties(file.toString(), Duration.ZERO), FhirContext.forR4Cached(),
                List.of(), List.of(), List.of(() -> builtIn), stored::add);
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("partners.yaml");
        Files.writeString(file, content);
        return file;
    }
}
