package org.kaphub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.springframework.boot.ssl.pem.PemContent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Collections;

/**
 * The RSA key our access tokens are signed with. Configured (PEM or PKCS#12) in production; in development
 * generated once under the data directory (Nimbus writes and reads it as a JWK), so tokens and the published JWK
 * Set survive restarts.
 */
final class SigningKey {

    static final String DEV_KEY_FILE = "security/jwt-signing-key.jwk.json";

    private SigningKey() {
    }

    static RSAKey load(String configured, String password, Path dataDir) {
        try {
            if (configured == null || configured.isBlank()) {
                return developmentKey(dataDir.resolve(DEV_KEY_FILE));
            }
            RSAPrivateCrtKey privateKey = read(Path.of(configured), password);
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Token signing key could not be read", e);
        } catch (GeneralSecurityException | JOSEException | java.text.ParseException e) {
            throw new IllegalStateException("Token signing key is not a usable RSA private key", e);
        }
    }

    private static RSAPrivateCrtKey read(Path file, String password) throws IOException, GeneralSecurityException {
        String name = file.getFileName().toString().toLowerCase();
        PrivateKey key;
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] secret = password == null ? new char[0] : password.toCharArray();
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, secret);
            }
            key = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    key = (PrivateKey) store.getKey(alias, secret);
                    break;
                }
            }
        } else {
            PemContent pem = PemContent.load(file);
            key = password == null || password.isBlank() ? pem.getPrivateKey() : pem.getPrivateKey(password);
        }
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new GeneralSecurityException("no RSA private key in " + file.getFileName());
        }
        return rsa;
    }

    /** The development key, generated on first start and kept (owner-readable only) for the next. */
    private static RSAKey developmentKey(Path file) throws IOException, JOSEException, java.text.ParseException {
        if (!Files.exists(file)) {
            RSAKey generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "jwt", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions protect it
            }
            Files.writeString(tmp, generated.toJSONString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
    }
}
