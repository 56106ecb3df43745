package org.kaphub.audit;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PagedSearchesTest {

    static final String ID = "4f1c2a9e-0d7b-4c55-9c1e-7d0c3f1b2a11";

    @Test
    void aPageRequestIsRecordedAsTheSearchItContinues() {
        Search search = new Search();
        search.setResourceType("Patient");
        search.setSearchQueryString("?family=Sato&_sort=birthdate", RequestPartitionId.allPartitions());
        ISearchCacheSvc cache = Mockito.mock(ISearchCacheSvc.class);
        Mockito.when(cache.fetchByUuid(Mockito.eq(ID), Mockito.any())).thenReturn(Optional.of(search));
        String page = "http://h/fhir/?_getpages=" + ID + "&_getpagesoffset=20&_count=20";

        String searched = new PagedSearches(cache).searched(page).orElseThrow();

        assertThat(searched).isEqualTo("http://h/fhir/Patient?family=Sato&_sort=birthdate&_getpagesoffset=20&_count=20");
        assertThat(AuditQueries.redact(searched)).doesNotContain(ID).doesNotContain("Sato")
                .isEqualTo("http://h/fhir/Patient?family=***&_sort=birthdate&_getpagesoffset=20&_count=20");
    }

    @Test
    void anythingElseIsLeftAlone() {
        ISearchCacheSvc cache = Mockito.mock(ISearchCacheSvc.class);
        PagedSearches pages = new PagedSearches(cache);
        assertThat(pages.searched("http://h/fhir/Patient?family=Sato")).isEmpty();
        assertThat(pages.searched("http://h/fhir/?_getpages=gone&_getpagesoffset=20")).isEmpty(); // expired search
    }
}
