package cn.unioncard.registry.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

/**
 * Messages list themselves: each aggregate's (or stream's) events are the records a sealed
 * {@code <Name>Event} interface of the shared language permits, and its commands those of a sealed
 * {@code <Name>Command}. A new message that is not listed there cannot be handled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageRulesTest {

    private JavaClasses registry;

    @BeforeAll
    void importRegistry() {
        registry = RegistryClasses.imported();
    }

    @Test
    void everyHandledEventIsListedByASealedEventInterface() {
        codeUnits().that().areAnnotatedWith(EventHandler.class).or().areAnnotatedWith(EventSourcingHandler.class)
                .should(takeARecordListedByASealedInterfaceNamed("Event"))
                .check(registry);
    }

    @Test
    void everyHandledCommandIsListedByASealedCommandInterface() {
        codeUnits().that().areAnnotatedWith(CommandHandler.class)
                .should(takeARecordListedByASealedInterfaceNamed("Command"))
                .check(registry);
    }

    @Test
    void everyEventAndCommandInterfaceOfTheSharedLanguageIsSealed() {
        DescribedPredicate<JavaClass> messageInterfaces = DescribedPredicate.describe(
                "are *Event or *Command interfaces of the shared language", c -> c.isInterface()
                        && isSharedLanguage(c) && (c.getSimpleName().endsWith("Event")
                        || c.getSimpleName().endsWith("Command")));
        classes().that(messageInterfaces).should(beSealed())
                .check(registry);
    }

    /** The first parameter is a record that implements a sealed {@code *<suffix>} interface of the shared language. */
    private static ArchCondition<JavaCodeUnit> takeARecordListedByASealedInterfaceNamed(String suffix) {
        return new ArchCondition<>("take a record listed by a sealed *" + suffix + " interface of "
                + RegistryClasses.EVENTS) {
            @Override
            public void check(JavaCodeUnit handler, ConditionEvents events) {
                if (RegistryClasses.readsOnlyTheEnvelope(handler)) {
                    return;
                }
                List<JavaClass> parameters = handler.getRawParameterTypes();
                JavaClass message = parameters.isEmpty() ? null : parameters.get(0);
                boolean listed = message != null && message.isRecord() && message.getRawInterfaces().stream()
                        .anyMatch(i -> i.getSimpleName().endsWith(suffix) && isSharedLanguage(i)
                                && i.reflect().isSealed());
                events.add(new SimpleConditionEvent(handler, listed, handler.getFullName() + " takes "
                        + (message == null ? "nothing" : message.getName()) + (listed ? ""
                        : ", which no sealed *" + suffix + " interface of the shared language lists")));
            }
        };
    }

    private static boolean isSharedLanguage(JavaClass c) {
        return c.getPackageName().startsWith("cn.unioncard.registry.events");
    }

    private static ArchCondition<JavaClass> beSealed() {
        return new ArchCondition<>("be sealed") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean sealed = c.reflect().isSealed();
                events.add(new SimpleConditionEvent(c, sealed, c.getName() + (sealed ? " is" : " is not") + " sealed"));
            }
        };
    }
}
