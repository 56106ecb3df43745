package org.kaphub.partners;

import java.util.List;
import java.util.stream.Collectors;

/** A registry file that was refused, with every problem found in it (file, line, reason). */
public class InvalidRegistryFile extends RuntimeException {

    private final transient List<RegistryProblem> problems;

    InvalidRegistryFile(List<RegistryProblem> problems) {
        super("Partner registry file refused: " + problems.stream().map(RegistryProblem::toString)
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<RegistryProblem> problems() {
        return problems;
    }
}
