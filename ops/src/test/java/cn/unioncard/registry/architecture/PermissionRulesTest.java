package cn.unioncard.registry.architecture;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.Role;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.targetOwner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which role may do what is decided in {@link Permission} only. Elsewhere a role may be given (a
 * new account's, by naming a {@link Role}) or recorded (an actor's, by reading {@link Actor#role()})
 * but not compared: a class that does one is listed with its reason, and may not do the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionRulesTest {

    /** Classes that name a role to give it (a new account, the registry's own actor), never to compare it. */
    private static final Map<String, String> GIVERS = Map.of(
            Role.class.getName(), "the roles themselves",
            Actor.class.getName(), "system() makes the registry's own actor",
            "cn.unioncard.registry.command.union.UnionCommandHandler", "opens the operator account of a new grassroots union",
            "cn.unioncard.registry.ops.bootstrap.FirstStart", "opens the city admin's account at first start",
            "cn.unioncard.registry.ops.security.AuthController", "makes the anonymous actor of a login attempt");

    /** Classes that read an actor's role to write it down (metadata, a token, a history), never to compare it. */
    private static final Map<String, String> RECORDERS = Map.of(
            "cn.unioncard.registry.events.audit.AuditMetadata", "writes the actor's role into the metadata",
            "cn.unioncard.registry.ops.security.AuthController", "puts the role into the token",
            "cn.unioncard.registry.query.audit.MemberReads", "shows who read the member (history, access report), with their role");

    private JavaClasses registry;

    @BeforeAll
    void importRegistry() {
        registry = RegistryClasses.imported();
    }

    @Test
    void rolesAreComparedOnlyInPermission() {
        noClasses().that(notListedIn(GIVERS, Permission.class)).should().accessFieldWhere(targetOwner(type(Role.class)))
                .because("a permission is named once, in " + Permission.class.getSimpleName()
                        + ", with its roles and refusal texts; a class that gives a role is listed with its reason")
                .check(registry);
        noClasses().that(notListedIn(RECORDERS, Permission.class)).should().callMethod(Actor.class, "role")
                .because("a permission is named once, in " + Permission.class.getSimpleName()
                        + ", with its roles and refusal texts; a class that records a role is listed with its reason")
                .check(registry);
    }

    @Test
    void everyListedClassStillNeedsToBeListed() {
        Set<String> names = registry.stream().map(JavaClass::getName).collect(Collectors.toSet());
        assertThat(names).containsAll(GIVERS.keySet()).containsAll(RECORDERS.keySet());
        // An entry no longer needed is taken off its list, so that the lists stay as short as the code allows.
        assertThat(GIVERS.keySet()).allSatisfy(name -> assertThat(registry.get(name).getAccessesFromSelf())
                .as(name).anyMatch(access -> access.getTargetOwner().isEquivalentTo(Role.class)));
        assertThat(RECORDERS.keySet()).allSatisfy(name -> assertThat(registry.get(name).getAccessesFromSelf())
                .as(name).anyMatch(access -> access.getTargetOwner().isEquivalentTo(Actor.class)
                        && access.getName().equals("role")));
    }

    /** Neither the given class nor a listed one, nor nested in one (a switch over roles compiles to a synthetic nested class). */
    private static DescribedPredicate<JavaClass> notListedIn(Map<String, String> list, Class<?> owner) {
        return DescribedPredicate.describe("are not " + owner.getSimpleName() + " nor listed with a reason",
                c -> Stream.concat(list.keySet().stream(), Stream.of(owner.getName()))
                        .noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
    }
}
