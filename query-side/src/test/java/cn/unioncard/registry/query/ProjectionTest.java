package cn.unioncard.registry.query;

import cn.unioncard.registry.query.union.UnionPaths;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A projection test on the real schema: JPA and JDBC on the shared test database
 * ({@link ProjectionTestApplication}), with Hibernate validating the entities against the
 * migrated tables as production does. No test-wide transaction: a test hands each event to the
 * projection in a transaction of its own, as the event processor does, and reads the committed rows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DataJpaTest(showSql = false)
// The union directory's path lookup, which projections that copy a union's path ask.
@Import(UnionPaths.class)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(properties = {"spring.flyway.enabled=false", "spring.jpa.hibernate.ddl-auto=validate"})
public @interface ProjectionTest {
}
