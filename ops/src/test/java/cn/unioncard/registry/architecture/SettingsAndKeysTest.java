package cn.unioncard.registry.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Settings are bound in one place (ops.RegistryProperties) and keys are owned by their homes
 * (integrity, privacy, ops.security): the command and query sides receive plain values and beans.
 */
class SettingsAndKeysTest {

    private final JavaClasses registry = RegistryClasses.imported();

    @Test
    void noSettingIsReadWithValueAnnotations() {
        noClasses().should().dependOnClassesThat().areAssignableTo(Value.class)
                .because("every registry.* setting binds through ops.RegistryProperties")
                .check(registry);
    }

    @Test
    void theCommandAndQuerySidesReadNoFiles() {
        noClasses().that().resideInAnyPackage(RegistryClasses.COMMAND, RegistryClasses.QUERY)
                .should().dependOnClassesThat().resideInAPackage("java.nio.file..")
                .because("keys come to them as beans from their homes (privacy, integrity), never from key files")
                .check(registry);
    }
}
