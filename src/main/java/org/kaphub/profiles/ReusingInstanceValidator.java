package org.kaphub.profiles;

import ca.uhn.fhir.context.ConfigurationException;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * HAPI's instance validator, keeping the core {@link InstanceValidator}s it builds for reuse.
 *
 * <p>HAPI builds a new core validator for every resource, and the core validator's constructor reads the whole OID
 * registry from a CSV file each time: under HL7 v2 load that was 37% of the server's CPU (JFR, ORU^R01 ingest). The
 * core validator is built to validate many resources in turn (the IG Publisher does), so each one here serves one
 * thread at a time from a small pool and is retired after {@value #USES} validations, which bounds what its
 * per-run caches can hold. Settings, the profiles validated against and the messages dropped are HAPI's.
 */
class ReusingInstanceValidator extends FhirInstanceValidator {

    static final int USES = 200;

    private final BlockingQueue<Pooled> idle;

    ReusingInstanceValidator(IValidationSupport validationSupport, int poolSize) {
        super(validationSupport);
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        WorkerContextValidationSupportAdapter worker = provideWorkerContext();
        Pooled pooled = idle.poll();
        if (pooled == null || pooled.worker != worker) {
            pooled = new Pooled(build(worker), worker);
        }
        List<ValidationMessage> messages = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        List<StructureDefinition> profiles = profiles(worker, context, unknownProfiles);
        boolean xml = context.getResourceAsStringEncoding() == EncodingEnum.XML;
        byte[] input = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
        pooled.validator.validate(null, messages, new ByteArrayInputStream(input), xml ? FhirFormat.XML : FhirFormat.JSON, profiles);
        if (++pooled.uses < USES) {
            idle.offer(pooled); // dropped when the pool is full: more threads validated at once than it keeps
        }
        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        messages.removeIf(ReusingInstanceValidator::noise);
        if (isErrorForUnknownProfiles()) {
            messages.stream()
                    .filter(m -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
                            || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId()))
                    .filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.WARNING)
                    .forEach(m -> m.setLevel(ValidationMessage.IssueSeverity.ERROR));
        }
        return messages;
    }

    /** Emptied when HAPI's caches are: a validator built before a guide change must not outlive it. */
    @Override
    public void invalidateCaches() {
        super.invalidateCaches();
        idle.clear();
    }

    private InstanceValidator build(IWorkerContext worker) {
        InstanceValidator validator;
        try {
            validator = new InstanceValidator(worker,
                    getHostApplicationServices() != null ? getHostApplicationServices() : new NullEvaluationContext(),
                    new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
        } catch (Exception e) {
            throw new ConfigurationException("The FHIR instance validator could not be built", e);
        }
        validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
        validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setNoTerminologyChecks(isNoTerminologyChecks());
        validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        validator.setUnknownCodeSystemsCauseErrors(true); // as HAPI sets it
        validator.getExtensionDomains().addAll(getExtensionDomains());
        validator.setFetcher(getValidatorResourceFetcher());
        validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
        validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
        validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        validator.setAllowExamples(isAllowExamples());
        validator.setAllowXsiLocation(true);
        return validator;
    }

    /** The profiles asked for and those the resource declares, as HAPI collects them. */
    private static List<StructureDefinition> profiles(IWorkerContext worker, IValidationContext<?> context,
                                                      List<ValidationMessage> unknown) {
        Set<String> urls = new LinkedHashSet<>(context.getOptions().getProfiles());
        if (context.getResource() instanceof IBaseResource resource) {
            resource.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).forEach(urls::add);
        }
        List<StructureDefinition> found = new ArrayList<>();
        for (String url : urls) {
            StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
            if (profile != null) {
                found.add(profile);
            } else {
                ValidationMessage message = new ValidationMessage();
                message.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
                message.setLevel(ValidationMessage.IssueSeverity.ERROR);
                message.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
                unknown.add(message);
            }
        }
        return found;
    }

    /** Messages HAPI drops too: bindings without a source, and the unavailable mime-types ValueSet. */
    private static boolean noise(ValidationMessage message) {
        String id = message.getMessageId();
        return id != null && (id.equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
                || id.equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                && String.valueOf(message.getMessage()).contains("http://hl7.org/fhir/ValueSet/mimetypes"));
    }

    private static final class Pooled {
        final InstanceValidator validator;
        final WorkerContextValidationSupportAdapter worker;
        int uses;

        Pooled(InstanceValidator validator, WorkerContextValidationSupportAdapter worker) {
            this.validator = validator;
            this.worker = worker;
        }
    }
}
