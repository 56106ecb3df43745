package org.kaphub.partners;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which scopes a registry file may list: the SMART resource scopes security understands (v2 {@code cruds} letters in
 * order, or v1 {@code read}/{@code write}/{@code *}) on a real resource type or {@code *}, and the management scope.
 * The security package owns what a scope means; this is only its spelling, checked when the file is loaded, and
 * security's SmartScopeTest holds it to SmartScope's own parser. The Part 2 scope is never listed: it follows the
 * partner's {@code part2} flag.
 */
public final class PartnerScopes {

    public static final String PART2 = "kap/part2.read";
    static final String ADMIN = "system/kap.admin";

    private static final Pattern SHAPE = Pattern.compile("^(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|c?r?u?d?s?)$");

    private PartnerScopes() {
    }

    /** Why {@code scope} cannot be registered, or empty when it can. */
    public static Optional<String> problem(String scope, Set<String> resourceTypes) {
        if (ADMIN.equals(scope)) {
            return Optional.empty();
        }
        if (PART2.equals(scope)) {
            return Optional.of("scope " + PART2 + " is not listed: it is granted by the partner's part2: true");
        }
        Matcher m = SHAPE.matcher(scope);
        if (!m.matches() || m.group(3).isEmpty()) {
            return Optional.of("unparsable scope '" + scope + "' (expected e.g. system/*.cruds, system/Observation.rs, "
                    + "patient/*.read or " + ADMIN + ")");
        }
        if (!"*".equals(m.group(2)) && !resourceTypes.contains(m.group(2))) {
            return Optional.of("scope '" + scope + "' names an unknown resource type '" + m.group(2) + "'");
        }
        return Optional.empty();
    }
}
