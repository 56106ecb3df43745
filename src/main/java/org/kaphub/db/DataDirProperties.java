package org.kaphub.db;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * Where KAP Hub keeps its own files.
 *
 * @param dataDir data directory: the embedded H2 database lives in its db/ directory, the development signing key in
 *                security/
 */
@Validated
@ConfigurationProperties("kap")
public record DataDirProperties(@DefaultValue(DataDirProperties.DEFAULT) @NotNull Path dataDir) {

    /** Also the fallback of the embedded database URL in application.yaml (ConfigurationDocsTest holds them equal). */
    static final String DEFAULT = "./data";
}
