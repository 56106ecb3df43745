package org.kaphub.security;

import java.util.List;
import java.util.Optional;

/** The partner registry's OAuth clients, each with its partner (see {@link PartnerClients}). */
public interface ClientRegistry {

    /** The client, if its partner is registered and enabled. */
    Optional<ClientRegistration> find(String clientId);

    /** Whether a partner that is disabled registers this client id (its tokens are refused). */
    boolean disabled(String clientId);

    /** Every client of every partner, the disabled ones included. */
    List<ClientRegistration> all();
}
