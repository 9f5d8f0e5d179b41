package cn.unioncard.registry.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

/**
 * One way to handle commands: an external {@code <Capability>CommandHandler} loads the aggregate through
 * Axon's {@code Repository} and calls a package-private method on it; an aggregate handles no command itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandStyleTest {

    private JavaClasses registry;

    @BeforeAll
    void importRegistry() {
        registry = RegistryClasses.imported();
    }

    @Test
    void commandsAreHandledOnlyByCommandHandlerClassesOfTheCommandSide() {
        DescribedPredicate<JavaClass> handlerClass = simpleNameEndingWith("CommandHandler")
                .and(resideInAPackage(RegistryClasses.COMMAND))
                .and(DescribedPredicate.not(annotatedWith(Aggregate.class)));
        methods().that().areAnnotatedWith(CommandHandler.class)
                .should().beDeclaredInClassesThat(handlerClass.as("are named *CommandHandler in "
                        + RegistryClasses.COMMAND + " and are no @Aggregate"))
                .check(registry);
    }
}
