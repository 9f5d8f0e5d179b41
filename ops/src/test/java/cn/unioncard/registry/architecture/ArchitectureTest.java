package cn.unioncard.registry.architecture;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenMethodsConjunction;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.annotation.Bean;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of docs/architecture.md §1 and the rules that keep event sourcing honest, checked on
 * the compiled classes of all four modules. Rules on other topics sit beside this class in this package.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {

    private static final String COMMAND = RegistryClasses.COMMAND;
    private static final String QUERY = RegistryClasses.QUERY;
    private static final String EVENTS = RegistryClasses.EVENTS;

    private JavaClasses registry;

    @BeforeAll
    void importRegistry() {
        registry = RegistryClasses.imported();
    }

    @Test
    void allFourModulesAreImported() {
        Set<String> names = registry.stream().map(JavaClass::getName).collect(Collectors.toSet());
        assertThat(names).contains(
                "cn.unioncard.registry.RegistryApplication",
                "cn.unioncard.registry.command.union.Union",
                "cn.unioncard.registry.query.union.UnionProjection",
                "cn.unioncard.registry.events.union.UnionRegistered");
        assertThat(names).noneMatch(n -> n.endsWith("Test"));
    }

    @Test
    void theCommandSideDoesNotUseTheQuerySide() {
        noClasses().that().resideInAPackage(COMMAND)
                .should().dependOnClassesThat().resideInAPackage(QUERY)
                .check(registry);
    }

    @Test
    void theQuerySideDoesNotUseTheCommandSide() {
        noClasses().that().resideInAPackage(QUERY)
                .should().dependOnClassesThat().resideInAPackage(COMMAND)
                .check(registry);
    }

    @Test
    void theSharedLanguageDependsOnNoFrameworkOrDatabase() {
        noClasses().that().resideInAPackage(EVENTS)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "java.sql..", "javax.sql..", "org.hibernate..")
                .check(registry);
        noClasses().that().resideInAPackage(EVENTS)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, "cn.unioncard.registry.ops..")
                .check(registry);
    }

    @Test
    void aggregatesAreNotPublic() {
        classes().that().areAnnotatedWith(Aggregate.class).should().notBePublic().check(registry);
    }

    @Test
    void aggregateStateChangesOnlyInEventSourcingHandlers() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should(onlyAssignFieldsFromEventSourcingHandlersOrNoArgConstructors())
                .check(registry);
    }

    @Test
    void messageHandlersOfBothSidesAreNotPublic() {
        classes().that(resideInAnyPackage(COMMAND, QUERY))
                .and(haveAMethodAnnotatedWithAnyOf(EventHandler.class, QueryHandler.class, CommandHandler.class))
                .should().notBePublic()
                .check(registry);
    }

    @Test
    void everyHandledEventIsARecordOfTheSharedLanguage() {
        eventHandlers().should(takeARecordOfTheSharedLanguageFirst()).check(registry);
    }

    /**
     * Crypto-shredding cannot be forgotten: every event some handler takes has each field
     * classified (personal, encrypted under the member's key; or not, with a reason), and an event
     * with personal data names its data subject. The event serializer refuses unclassified events
     * too, for events nobody handles yet.
     */
    @Test
    void everyHandledEventClassifiesItsPersonalData() {
        eventHandlers().should(takeAnEventWhosePersonalDataIsClassified()).check(registry);
    }

    /**
     * A second net under the classification: in an event about a member (one with a data subject),
     * a field named like personal data (a name, an ID or card number, a phone, an address, a birth
     * date, an employer, a reason) must be encrypted; calling it @NotPersonal is taken for a slip.
     * A constant of a code table (an enum: a card's cancellation reason) is not text about anyone.
     */
    @Test
    void fieldsNamedLikePersonalDataOfAMemberAreEncrypted() {
        eventHandlers().should(takeAnEventWhoseMemberFieldsNamedPersonalAreEncrypted()).check(registry);
    }

    /** The net itself catches what it is for. */
    @Test
    void theNetCatchesAPhoneMarkedNotPersonal() {
        assertThat(personalLookingButClear(SlippedEvent.class)).containsExactly("SlippedEvent.contactPhone",
                "SlippedEvent.reason");
        assertThat(personalLookingButClear(cn.unioncard.registry.events.member.MemberRegistered.class)).isEmpty();
        assertThat(personalLookingButClear(cn.unioncard.registry.events.card.CardCancelled.class)).isEmpty();
        assertThat(personalLookingButClear(SlippedReason.class)).containsExactly("SlippedReason.reason");
    }

    enum Coded { LOST }

    record SlippedEvent(@DataSubject String memberId, @NotPersonal("oops") String contactPhone,
                        @NotPersonal("a code") String cardType, @NotPersonal("free text") String reason,
                        Coded changeReason) {
    }

    record SlippedReason(@DataSubject String memberId, @NotPersonal("oops") String reason) {
    }

    private static final Pattern PERSONAL_LOOKING = Pattern.compile(
            "(?i).*(name|idnumber|cardnumber|mobile|phone|address|birth|employer|reason).*");

    /** Fields of a record with a data subject, nested records included, named personal but not encrypted. */
    static List<String> personalLookingButClear(Class<?> event) {
        boolean aboutAMember = Arrays.stream(event.getRecordComponents())
                .anyMatch(c -> c.isAnnotationPresent(DataSubject.class));
        List<String> slips = new ArrayList<>();
        if (aboutAMember) {
            collectSlips(event, slips);
        }
        return slips;
    }

    private static void collectSlips(Class<?> record, List<String> slips) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getType().isRecord() && c.getType().getPackageName().startsWith("cn.unioncard.registry.events")) {
                collectSlips(c.getType(), slips);
            } else if (PERSONAL_LOOKING.matcher(c.getName()).matches() && !c.isAnnotationPresent(PersonalData.class)
                    && !c.getType().isEnum()) { // a constant of a closed list (a card's cancellation reason) holds no free text
                slips.add(record.getSimpleName() + "." + c.getName());
            }
        }
    }

    /**
     * Axon writes snapshots with the general serializer, which does not encrypt: an aggregate's
     * state (a member's details) would land in the snapshot table in clear. No snapshots, then,
     * until a snapshot serializer encrypts like the event serializer.
     */
    @Test
    void aggregatesTakeNoSnapshots() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should(new ArchCondition<>("declare no snapshot trigger") {
                    @Override
                    public void check(JavaClass aggregate, ConditionEvents events) {
                        String trigger = aggregate.reflect().getAnnotation(Aggregate.class).snapshotTriggerDefinition();
                        events.add(new SimpleConditionEvent(aggregate, trigger.isEmpty(),
                                aggregate.getName() + " snapshot trigger '" + trigger + "'"));
                    }
                })
                .check(registry);
    }

    /**
     * A streaming projection parks an event its handler fails on and commits the rest of the batch
     * (ops/projections). A failed JPA flush marks the whole transaction rollback-only, which would
     * bring back the stalled projection: streaming projections write with JDBC.
     */
    @Test
    void streamingProjectionsWriteWithJdbcNotJpa() {
        Set<String> subscribing = subscribingGroups();
        assertThat(subscribing).contains("unions", "members", "data-keys");
        DescribedPredicate<JavaClass> streamingProjection = DescribedPredicate.describe(
                "are projections of a streaming processing group", c -> c.isAnnotatedWith(ProcessingGroup.class)
                        && !subscribing.contains(c.getAnnotationOfType(ProcessingGroup.class).value()));
        DescribedPredicate<JavaClass> jpa = resideInAnyPackage("org.springframework.data..", "jakarta.persistence..")
                .or(assignableTo(org.springframework.data.repository.Repository.class))
                .or(annotatedWith(jakarta.persistence.Entity.class));
        noClasses().that(streamingProjection).should().dependOnClassesThat(jpa.as("are JPA entities or repositories"))
                .check(registry);
    }

    /**
     * The processing groups whose projections declare them subscribing (a static {@code @Bean}
     * returning {@link ProcessorSettings} beside the projection); every other group streams.
     */
    private Set<String> subscribingGroups() {
        return registry.stream().flatMap(c -> Arrays.stream(c.reflect().getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Bean.class) && m.getReturnType() == ProcessorSettings.class
                        && Modifier.isStatic(m.getModifiers()))
                .map(ArchitectureTest::declared)
                .filter(s -> !s.streams())
                .map(ProcessorSettings::group)
                .collect(Collectors.toSet());
    }

    private static ProcessorSettings declared(Method declaration) {
        try {
            declaration.setAccessible(true);
            return (ProcessorSettings) declaration.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every method that handles an event, on either side or in an aggregate. */
    private static GivenMethodsConjunction eventHandlers() {
        return methods().that().areAnnotatedWith(EventSourcingHandler.class).or().areAnnotatedWith(EventHandler.class);
    }

    @SafeVarargs
    private static DescribedPredicate<JavaClass> haveAMethodAnnotatedWithAnyOf(
            Class<? extends Annotation>... annotations) {
        List<Class<? extends Annotation>> all = List.of(annotations);
        return DescribedPredicate.describe("have a method annotated with any of " + all.stream()
                .map(a -> "@" + a.getSimpleName()).toList(), c -> c.getMethods().stream()
                .anyMatch(m -> all.stream().anyMatch(m::isAnnotatedWith)));
    }

    private static ArchCondition<JavaClass> onlyAssignFieldsFromEventSourcingHandlersOrNoArgConstructors() {
        return new ArchCondition<>("assign their fields only in @EventSourcingHandler methods or no-argument constructors") {
            @Override
            public void check(JavaClass aggregate, ConditionEvents events) {
                for (JavaFieldAccess access : aggregate.getFieldAccessesToSelf()) {
                    boolean constant = access.getTarget().resolveMember()
                            .map(f -> f.getModifiers().contains(JavaModifier.STATIC)).orElse(false);
                    if (access.getAccessType() != JavaFieldAccess.AccessType.SET || constant
                            || !access.getTarget().getOwner().equals(aggregate)) {
                        continue; // the aggregate's state is its instance fields; constants are no state
                    }
                    JavaCodeUnit origin = access.getOrigin();
                    boolean allowed = (origin.isMethod() && origin.isAnnotatedWith(EventSourcingHandler.class))
                            || (origin.isConstructor() && origin.getRawParameterTypes().isEmpty());
                    events.add(new SimpleConditionEvent(access, allowed, access.getDescription()
                            + (allowed ? "" : " outside an @EventSourcingHandler")));
                }
            }
        };
    }

    private static ArchCondition<JavaMethod> takeAnEventWhosePersonalDataIsClassified() {
        return takeAnEventWithout("unclassified fields", PersonalFields::unclassified);
    }

    private static ArchCondition<JavaMethod> takeAnEventWhoseMemberFieldsNamedPersonalAreEncrypted() {
        return takeAnEventWithout("member fields named like personal data but not @PersonalData",
                ArchitectureTest::personalLookingButClear);
    }

    /** The handled event (the first parameter, a record) has none of what {@code problems} finds. */
    private static ArchCondition<JavaMethod> takeAnEventWithout(String what,
                                                                Function<Class<?>, List<String>> problems) {
        return new ArchCondition<>("take an event without " + what) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> parameters = method.getRawParameterTypes();
                if (parameters.isEmpty() || !parameters.get(0).isRecord()) {
                    return; // reported by everyHandledEventIsARecordOfTheSharedLanguage
                }
                List<String> found = problems.apply(parameters.get(0).reflect());
                events.add(new SimpleConditionEvent(method, found.isEmpty(), method.getFullName() + ": "
                        + (found.isEmpty() ? "no " + what : String.join("; ", found))));
            }
        };
    }

    private static ArchCondition<JavaMethod> takeARecordOfTheSharedLanguageFirst() {
        return new ArchCondition<>("take a record of " + EVENTS + " as their first parameter") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                if (RegistryClasses.readsOnlyTheEnvelope(method)) {
                    return;
                }
                List<JavaClass> parameters = method.getRawParameterTypes();
                JavaClass event = parameters.isEmpty() ? null : parameters.get(0);
                boolean ok = event != null && event.isRecord()
                        && event.getPackageName().startsWith("cn.unioncard.registry.events");
                events.add(new SimpleConditionEvent(method, ok, method.getFullName() + " handles "
                        + (event == null ? "nothing" : event.getName() + (event.isRecord() ? "" : ", not a record"))));
            }
        };
    }
}
