package cn.unioncard.registry.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The compiled main classes of all four modules, imported once for every architecture test class. */
final class RegistryClasses {

    static final String COMMAND = "cn.unioncard.registry.command..";
    static final String QUERY = "cn.unioncard.registry.query..";
    static final String EVENTS = "cn.unioncard.registry.events..";

    /**
     * Handlers that read only the envelope of every stored event (type, aggregate, sequence, metadata) and
     * never open a payload, so they take Axon's EventMessage instead of an event record: the actor-activity
     * index. Each entry is a whole class; the event rules hold for every other handler.
     */
    static final java.util.Set<String> ENVELOPE_READERS = java.util.Set.of(
            "cn.unioncard.registry.query.audit.alert.ActorActivityProjection");

    /** Whether {@code handler} is an envelope reader's handler taking an EventMessage. */
    static boolean readsOnlyTheEnvelope(com.tngtech.archunit.core.domain.JavaCodeUnit handler) {
        return ENVELOPE_READERS.contains(handler.getOwner().getName()) && !handler.getRawParameterTypes().isEmpty()
                && handler.getRawParameterTypes().get(0).getName().equals("org.axonframework.eventhandling.EventMessage");
    }

    private static JavaClasses imported;

    private RegistryClasses() {
    }

    static synchronized JavaClasses imported() {
        if (imported == null) {
            imported = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
                    // The shared test data (events' test-jar, cn.unioncard.registry.testing) is test code too.
                    .withImportOption(location -> !location.contains("-tests.jar"))
                    .importPackages("cn.unioncard.registry");
        }
        return imported;
    }
}
