package org.kaphub.partners;

/**
 * One reason a registry file is refused: where (file and line, 1-based; 0 when about the whole file, e.g. missing)
 * and why — never a secret's value.
 */
public record RegistryProblem(String file, int line, String reason) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
