package cn.unioncard.registry.ops.axon;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transaction ends with its unit of work, also when an Error interrupts the commit. */
class RollbackOnErrorTransactionManagerTest {

    private final List<String> ends = new ArrayList<>();
    private final TransactionManager recording = () -> new Transaction() {
        @Override
        public void commit() {
            ends.add("commit");
        }

        @Override
        public void rollback() {
            ends.add("rollback");
        }
    };

    @Test
    void anErrorWhileCommittingRollsTheTransactionBack() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        uow.attachTransaction(new RollbackOnErrorTransactionManager(recording));
        uow.onPrepareCommit(u -> {
            throw new AssertionError("an Error while the events are appended");
        });

        assertThatThrownBy(uow::commit).isInstanceOf(AssertionError.class);

        assertThat(ends).containsExactly("rollback");
        assertThat(CurrentUnitOfWork.isStarted()).isFalse();
    }

    @Test
    void aCommittedTransactionIsNotRolledBackAtCleanup() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        uow.attachTransaction(new RollbackOnErrorTransactionManager(recording));

        uow.commit();

        assertThat(ends).containsExactly("commit");
    }

    @Test
    void anExceptionRollsBackOnce() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        uow.attachTransaction(new RollbackOnErrorTransactionManager(recording));

        uow.rollback(new IllegalStateException("refused"));

        assertThat(ends).containsExactly("rollback");
    }
}
