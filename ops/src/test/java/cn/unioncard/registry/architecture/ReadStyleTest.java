package cn.unioncard.registry.architecture;

import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * One way to read: an endpoint reads its own capability's projection directly, through a
 * package-private repository or reader of its package (whose tables TableOwnersTest guards). No
 * query messages travel: nothing sends them and nothing answers them.
 */
class ReadStyleTest {

    @Test
    void nothingSendsQueryMessages() {
        noClasses().should().dependOnClassesThat().areAssignableTo(QueryGateway.class)
                .orShould().dependOnClassesThat().areAssignableTo(QueryBus.class)
                .check(RegistryClasses.imported());
    }

    @Test
    void nothingAnswersQueryMessages() {
        methods().should().notBeAnnotatedWith(QueryHandler.class).check(RegistryClasses.imported());
    }
}
