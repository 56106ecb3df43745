package org.kaphub.security;

import org.kaphub.partners.PartnerRegistry;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** The partner registry seen as OAuth clients: a thin view, so a registry reload is in force at the next request. */
@Component
class PartnerClients implements ClientRegistry {

    private final PartnerRegistry partners;

    PartnerClients(PartnerRegistry partners) {
        this.partners = partners;
    }

    @Override
    public Optional<ClientRegistration> find(String clientId) {
        return partners.byClientId(clientId)
                .flatMap(partner -> partner.client(clientId).map(client -> new ClientRegistration(partner, client)));
    }

    @Override
    public boolean disabled(String clientId) {
        return partners.anyByClientId(clientId).map(partner -> !partner.enabled()).orElse(false);
    }

    @Override
    public List<ClientRegistration> all() {
        return partners.all().stream()
                .flatMap(partner -> partner.clients().stream().map(client -> new ClientRegistration(partner, client)))
                .toList();
    }
}
