package org.kaphub.security;

import java.util.List;
import java.util.Optional;

/**
 * Where partner registrations come from. Today from properties ({@code kap.security.clients[n]}); the partner
 * registry will implement this from the database.
 */
public interface ClientRegistry {

    Optional<ClientRegistration> find(String clientId);

    /** The client whose TLS certificate has this subject (RFC 2253 form, compared after normalising). */
    Optional<ClientRegistration> findByCertificateSubject(String subject);

    List<ClientRegistration> all();
}
