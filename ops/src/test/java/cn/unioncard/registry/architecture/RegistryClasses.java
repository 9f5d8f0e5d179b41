package cn.unioncard.registry.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The compiled main classes of all four modules, imported once for every architecture test class. */
final class RegistryClasses {

    static final String COMMAND = "cn.unioncard.registry.command..";
    static final String QUERY = "cn.unioncard.registry.query..";
    static final String EVENTS = "cn.unioncard.registry.events..";

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
