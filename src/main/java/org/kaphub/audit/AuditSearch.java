package org.kaphub.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What to find in the {@link AuditLog}: for each parameter given, any of its values (a token as {@code code} or
 * {@code system|code}, a reference as {@code Type/id}, an identifier as {@code system|value}); all parameters given
 * must match; optionally a window of {@code recorded}. Immutable: each {@code with…} returns a new search.
 */
public record AuditSearch(Map<Param, Set<String>> anyOf, Instant recordedFrom, Instant recordedBefore, boolean newestFirst) {

    /** The values an AuditEvent is indexed by (the R4 AuditEvent search parameters of the same names). */
    public enum Param { TYPE, SUBTYPE, ACTION, OUTCOME, ENTITY, PATIENT, AGENT }

    public AuditSearch {
        anyOf = Map.copyOf(anyOf);
    }

    public static AuditSearch all() {
        return new AuditSearch(Map.of(), null, null, false);
    }

    public AuditSearch with(Param param, String... values) {
        Map<Param, Set<String>> next = new EnumMap<>(Param.class);
        next.putAll(anyOf);
        Set<String> merged = new LinkedHashSet<>(next.getOrDefault(param, Set.of()));
        merged.addAll(Arrays.asList(values));
        next.put(param, Set.copyOf(merged));
        return new AuditSearch(next, recordedFrom, recordedBefore, newestFirst);
    }

    /** Recorded at or after {@code from} (inclusive) and before {@code before} (exclusive); either may be null. */
    public AuditSearch recorded(Instant from, Instant before) {
        return new AuditSearch(anyOf, from, before, newestFirst);
    }

    public AuditSearch sortedNewestFirst() {
        return new AuditSearch(anyOf, recordedFrom, recordedBefore, true);
    }
}
