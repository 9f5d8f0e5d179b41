package cn.unioncard.registry.ops.database;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage is recognised by what caused a failure, however deeply it is wrapped; bad input is not one. */
class DatabaseOutageClassificationTest {

    @Test
    void aLostOrRefusedConnectionUnderAnyWrapperIsAnOutage() {
        assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException("select",
                new SQLException("I/O error", "08006")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("begin",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new EventStoreException("append",
                new RuntimeException(new SQLException("connection refused", "08001", new ConnectException()))))).isTrue();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void aServerShuttingDownOrStartingUpIsAnOutage() {
        for (String state : new String[] {"57P01", "57P02", "57P03"}) {
            assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLException("server", state)))).as(state).isTrue();
        }
    }

    @Test
    void aRollbackOnAConnectionThePoolHadClosedIsAnOutage() {
        // What a request saw after an earlier statement lost its connection: the rollback hides that error.
        assertThat(DatabaseOutage.causedBy(new JpaSystemException(new TransactionException("rollback",
                new SQLException("closed"))))).isTrue();
    }

    @Test
    void badDataAndOrdinaryFailuresAreNotOutages() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("dup",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new EventStoreException("read",
                new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new JpaSystemException(new TransactionException("commit",
                new SQLException("violates check constraint", "23514"))))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("a plain error without a state"))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseOutage.causedBy(a)).isFalse();
    }
}
