package cn.unioncard.registry.architecture;

import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.Actor;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.targetOwner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which role may do what is decided in {@link Permission} only. Elsewhere a role may be carried
 * (written into metadata, a token, a projection, a new account) but not compared; each class that
 * carries one is listed here with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionRulesTest {

    private static final Map<String, String> CARRIERS = Map.of(
            Permission.class.getName(), "the one place where roles are compared",
            Role.class.getName(), "the roles themselves",
            Actor.class.getName(), "system() makes the registry's own actor",
            "cn.unioncard.registry.events.audit.AuditMetadata", "writes the actor's role into the metadata",
            "cn.unioncard.registry.command.union.UnionCommandHandler", "opens the operator account of a new grassroots union",
            "cn.unioncard.registry.ops.bootstrap.FirstStart", "opens the city admin's account at first start",
            "cn.unioncard.registry.ops.security.AuthController", "makes the anonymous login actor and puts the role into the token",
            "cn.unioncard.registry.query.member.MemberHistoryController", "shows who read the member, with their role");

    private JavaClasses registry;

    @BeforeAll
    void importRegistry() {
        registry = RegistryClasses.imported();
    }

    @Test
    void rolesAreComparedOnlyInPermission() {
        noClasses().that(notListedAsCarriers())
                .should().accessFieldWhere(targetOwner(type(Role.class)))
                .orShould().callMethod(Actor.class, "role")
                .because("a permission is named once, in " + Permission.class.getSimpleName()
                        + ", with its roles and refusal texts")
                .check(registry);
    }

    @Test
    void everyListedCarrierStillCarriesARole() {
        Set<String> names = registry.stream().map(JavaClass::getName).collect(Collectors.toSet());
        assertThat(names).containsAll(CARRIERS.keySet());
        // An entry no longer needed is taken off the list, so that it stays as short as the code allows.
        assertThat(CARRIERS.keySet()).allSatisfy(name -> assertThat(registry.get(name).getAccessesFromSelf())
                .as(name).anyMatch(PermissionRulesTest::touchesARole));
    }

    private static boolean touchesARole(JavaAccess<?> access) {
        return access.getTargetOwner().isEquivalentTo(Role.class)
                || (access.getTargetOwner().isEquivalentTo(Actor.class) && access.getName().equals("role"));
    }

    /** Neither a listed class nor nested in one (a switch over roles compiles to a synthetic nested class). */
    private static DescribedPredicate<JavaClass> notListedAsCarriers() {
        return DescribedPredicate.describe("are not listed as carrying a role",
                c -> CARRIERS.keySet().stream().noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
    }
}
