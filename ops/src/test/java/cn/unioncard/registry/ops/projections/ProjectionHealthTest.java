package cn.unioncard.registry.ops.projections;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The projections' health component answers, whatever its queries do: never an exception. */
class ProjectionHealthTest {

    /** Dead letters whose counting fails as during a database outage. */
    private static DeadLetters unreachable(boolean groupsFail) {
        return new DeadLetters(null, null, null, null) {
            @Override
            List<String> groups() {
                if (groupsFail) {
                    throw new IllegalStateException("no processors yet");
                }
                return List.of("access-log", "accounts");
            }

            @Override
            long parkedEvents(String group) {
                throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
            }
        };
    }

    @Test
    void aCountThatCannotReachTheDatabaseIsDownWithoutDetails() {
        Health health = new ProjectionHealth(unreachable(false), new SimpleMeterRegistry()).count();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEmpty();
    }

    @Test
    void groupsThatCannotBeListedAreDownWithoutDetails() {
        Health health = new ProjectionHealth(unreachable(true), new SimpleMeterRegistry()).count();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEmpty();
    }
}
