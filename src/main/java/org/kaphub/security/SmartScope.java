package org.kaphub.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART App Launch scope for a resource type ({@code system/Observation.rs}), in v2 spelling ({@code cruds}) or
 * v1 ({@code read}, {@code write}, {@code *}): v1 read = rs, write = cud, * = cruds. Scopes with v2 search
 * parameters ({@code ?category=…}) are not understood yet and grant nothing.
 */
record SmartScope(Context context, String resourceType, Set<Permission> permissions) {

    /** Grants 42 CFR Part 2 labelled data (meta.security ETH / 42CFRPart2 / R). */
    static final String PART2 = "kap/part2.read";
    /** Management endpoints (actuator info and metrics). */
    static final String ADMIN = "system/kap.admin";
    static final String AUDIT_EVENT = "AuditEvent";

    private static final Pattern SHAPE = Pattern.compile("^(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)$");

    enum Context { PATIENT, USER, SYSTEM }

    enum Permission { CREATE, READ, UPDATE, DELETE, SEARCH }

    static Optional<SmartScope> parse(String scope) {
        Matcher m = SHAPE.matcher(scope);
        if (!m.matches()) {
            return Optional.empty();
        }
        Set<Permission> permissions = permissions(m.group(3));
        if (permissions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SmartScope(Context.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2), permissions));
    }

    private static Set<Permission> permissions(String spelling) {
        switch (spelling) {
            case "read": return EnumSet.of(Permission.READ, Permission.SEARCH);
            case "write": return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
            case "*": return EnumSet.allOf(Permission.class);
            default: break;
        }
        // v2: a subset of c r u d s, in that order, each at most once
        if (!spelling.matches("c?r?u?d?s?")) {
            return EnumSet.noneOf(Permission.class);
        }
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        for (char c : spelling.toCharArray()) {
            result.add(switch (c) {
                case 'c' -> Permission.CREATE;
                case 'r' -> Permission.READ;
                case 'u' -> Permission.UPDATE;
                case 'd' -> Permission.DELETE;
                default -> Permission.SEARCH;
            });
        }
        return result;
    }

    boolean anyType() {
        return "*".equals(resourceType);
    }

    /**
     * Whether holding this scope lets a client be granted {@code requested} (same context, narrower type or rights).
     * The audit trail is never covered by a wildcard: reading it takes an explicit AuditEvent scope.
     */
    boolean covers(SmartScope requested) {
        return context == requested.context
                && (resourceType.equals(requested.resourceType) || anyType() && !AUDIT_EVENT.equals(requested.resourceType))
                && permissions.containsAll(requested.permissions);
    }

    /** Whether a client registered with {@code granted} may ask for {@code requested}. */
    static boolean covered(Collection<String> granted, String requested) {
        if (granted.contains(requested)) {
            return true;
        }
        Optional<SmartScope> wanted = parse(requested);
        return wanted.isPresent() && granted.stream().map(SmartScope::parse).flatMap(Optional::stream)
                .anyMatch(scope -> scope.covers(wanted.get()));
    }
}
