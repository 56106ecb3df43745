package org.kaphub.security;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;

/**
 * HAPI's paging provider, answering a {@code _getpages} id only to the client that ran the search: for anyone else
 * the search does not exist (HAPI then answers exactly as for an unknown or expired id).
 */
class ClientBoundPaging implements IPagingProvider {

    private final IPagingProvider pages;
    private final SearchOwners owners;

    ClientBoundPaging(IPagingProvider pages, SearchOwners owners) {
        this.pages = pages;
        this.owners = owners;
    }

    @Override
    public int getDefaultPageSize() {
        return pages.getDefaultPageSize();
    }

    @Override
    public int getMaximumPageSize() {
        return pages.getMaximumPageSize();
    }

    @Override
    public boolean canStoreSearchResults() {
        return pages.canStoreSearchResults();
    }

    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String searchId) {
        return ownedBy(request, searchId) ? pages.retrieveResultList(request, searchId) : null;
    }

    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String searchId, String pageId) {
        return ownedBy(request, searchId) ? pages.retrieveResultList(request, searchId, pageId) : null;
    }

    @Override
    public String storeResultList(RequestDetails request, IBundleProvider list) {
        return pages.storeResultList(request, list);
    }

    private boolean ownedBy(RequestDetails request, String searchId) {
        Visibility visibility = Visibility.of(request);
        if (visibility == null) {
            return true; // the server's own work
        }
        return owners.owner(searchId).map(visibility.clientId()::equals).orElse(false);
    }
}
