package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a parked event keeps of its failure, and which failures park nothing. */
class ParkingPolicyTest {

    private final ParkingPolicy policy = new ParkingPolicy("access-log");
    private final EventMessage<?> event = GenericEventMessage.asEventMessage(new PersonalDataAccessed("a-1",
            List.of("m-1"), List.of("mobile"), true, "核对资料", "GET /api/members/{id}"));

    /** PostgreSQL quotes the refused value in its message, as in "value too long … 13859201234". */
    private static DataIntegrityViolationException refused(String state) {
        return new DataIntegrityViolationException("insert failed",
                new SQLException("ERROR: value 陈雅婷 13859201234 refused", state));
    }

    @Test
    void aRefusedValueParksTheEventWithItsTypeAndSqlStateButNotTheMessage() {
        Throwable failure = refused("22001");
        EnqueueDecision<EventMessage<?>> decision = policy.decide(new GenericDeadLetter<>("s", event, failure),
                failure);
        assertThat(decision.shouldEnqueue()).isTrue();
        Cause cause = (Cause) decision.enqueueCause().orElseThrow();
        assertThat(cause.type()).isEqualTo(DataIntegrityViolationException.class.getName());
        assertThat(cause.message()).contains("22001").doesNotContain("陈雅婷").doesNotContain("13859201234");
        MetaData diagnostics = decision.withDiagnostics(new GenericDeadLetter<>("s", event, failure)).diagnostics();
        assertThat(diagnostics.get(ParkingPolicy.ATTEMPTS)).isEqualTo(1L);
        assertThat(diagnostics.get(ParkingPolicy.SQL_STATE)).isEqualTo("22001");
        assertThat(diagnostics.toString()).doesNotContain("陈雅婷");
    }

    @Test
    void aLostConnectionWhileProjectingParksNothingAndFailsTheBatch() {
        Throwable failure = refused("08006");
        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("s", event, failure), failure))
                .isInstanceOf(ProjectionInterrupted.class)
                .hasMessageContaining("08006")
                .hasMessageNotContaining("13859201234");
    }

    @Test
    void aRetriedLetterThatFailsAgainStaysWithOneMoreAttemptWhateverTheFailure() {
        DeadLetter<EventMessage<?>> stored = new JdbcDeadLetter<>("id", 0, "s", Instant.now(), Instant.now(), null,
                MetaData.with(ParkingPolicy.ATTEMPTS, 2), event);
        Throwable failure = refused("08006");
        EnqueueDecision<EventMessage<?>> decision = policy.decide(stored, failure);
        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.withDiagnostics(stored).diagnostics().get(ParkingPolicy.ATTEMPTS)).isEqualTo(3L);
    }
}
