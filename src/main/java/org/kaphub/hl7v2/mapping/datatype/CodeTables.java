package org.kaphub.hl7v2.mapping.datatype;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * v2 code → FHIR code tables, read once from {@value #RESOURCE}. Every value is converted to its FHIR enum when
 * the class loads, so a typo in the file fails at start-up rather than on the first message that uses the code.
 */
public final class CodeTables {

    static final String RESOURCE = "hl7v2/codes/v2-to-fhir.yaml";

    private static final Map<String, Map<String, String>> TABLES = load();
    private static final Map<String, AdministrativeGender> GENDER = table("administrative-gender", AdministrativeGender::fromCode);
    private static final Map<String, HumanName.NameUse> NAME_USE = table("name-use", HumanName.NameUse::fromCode);
    private static final Map<String, Address.AddressUse> ADDRESS_USE = table("address-use", Address.AddressUse::fromCode);
    private static final Map<String, Address.AddressType> ADDRESS_TYPE = table("address-type", Address.AddressType::fromCode);
    private static final Map<String, ContactPoint.ContactPointUse> TELECOM_USE = table("contact-point-use", ContactPoint.ContactPointUse::fromCode);
    private static final Map<String, ContactPoint.ContactPointSystem> TELECOM_SYSTEM = table("contact-point-system", ContactPoint.ContactPointSystem::fromCode);
    private static final Map<String, ContactPoint.ContactPointUse> TELECOM_USE_BY_EQUIPMENT = table("contact-point-use-by-equipment", ContactPoint.ContactPointUse::fromCode);
    private static final Map<String, ContactPoint.ContactPointSystem> TELECOM_SYSTEM_BY_USE = table("contact-point-system-by-use", ContactPoint.ContactPointSystem::fromCode);

    private CodeTables() {
    }

    /** Table 0001; codes are compared in upper case, as some senders send {@code m}/{@code f}. */
    public static Optional<AdministrativeGender> gender(String code) {
        return code == null ? Optional.empty() : lookup(GENDER, code.trim().toUpperCase(Locale.ROOT));
    }

    static Optional<HumanName.NameUse> nameUse(String code) {
        return lookup(NAME_USE, code);
    }

    static Optional<Address.AddressUse> addressUse(String code) {
        return lookup(ADDRESS_USE, code);
    }

    static Optional<Address.AddressType> addressType(String code) {
        return lookup(ADDRESS_TYPE, code);
    }

    static Optional<ContactPoint.ContactPointUse> telecomUse(String code) {
        return lookup(TELECOM_USE, code);
    }

    static Optional<ContactPoint.ContactPointSystem> telecomSystem(String equipmentCode) {
        return lookup(TELECOM_SYSTEM, equipmentCode);
    }

    static Optional<ContactPoint.ContactPointUse> telecomUseByEquipment(String equipmentCode) {
        return lookup(TELECOM_USE_BY_EQUIPMENT, equipmentCode);
    }

    static Optional<ContactPoint.ContactPointSystem> telecomSystemByUse(String useCode) {
        return lookup(TELECOM_SYSTEM_BY_USE, useCode);
    }

    /**
     * A plain v2 code → FHIR code (or URI) table of {@value #RESOURCE}, e.g. {@code route-snomed}.
     *
     * @throws IllegalArgumentException when the file has no such table (a programming error, not a data error)
     */
    public static Optional<String> code(String table, String v2Code) {
        Map<String, String> codes = TABLES.get(table);
        if (codes == null) {
            throw new IllegalArgumentException(RESOURCE + " has no table " + table);
        }
        return v2Code == null ? Optional.empty() : Optional.ofNullable(codes.get(v2Code.trim()));
    }

    private static <T> Optional<T> lookup(Map<String, T> table, String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(table.get(code.trim()));
    }

    private static <T> Map<String, T> table(String name, Function<String, T> fhirCode) {
        Map<String, String> codes = TABLES.get(name);
        if (codes == null) {
            throw new IllegalStateException(RESOURCE + " has no table " + name);
        }
        Map<String, T> converted = new LinkedHashMap<>();
        codes.forEach((v2, fhir) -> converted.put(v2, fhirCode.apply(fhir)));
        return Map.copyOf(converted);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> load() {
        try (InputStream in = CodeTables.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not on the classpath");
            }
            Map<String, Map<String, Object>> tables = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            // Every value as a string: a few codes (e.g. SNOMED ids) read as YAML integers when unquoted.
            Map<String, Map<String, String>> strings = new LinkedHashMap<>();
            tables.forEach((name, rows) -> {
                Map<String, String> table = new LinkedHashMap<>();
                rows.forEach((k, v) -> table.put(String.valueOf(k), String.valueOf(v)));
                strings.put(name, Map.copyOf(table));
            });
            return Map.copyOf(strings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
