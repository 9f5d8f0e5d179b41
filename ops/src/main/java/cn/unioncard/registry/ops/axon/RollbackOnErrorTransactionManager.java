package cn.unioncard.registry.ops.axon;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Axon's transactions, ended whatever happens. A unit of work rolls back on an exception but not
 * on an {@link Error} thrown while it commits (appending the events): its transaction then stayed
 * bound to the worker thread, and the next requests served there joined it, so their writes were
 * answered but committed later or never. Here a transaction still open when its unit of work is
 * cleaned up is rolled back.
 */
final class RollbackOnErrorTransactionManager implements TransactionManager {

    private static final Logger log = LoggerFactory.getLogger(RollbackOnErrorTransactionManager.class);

    private final TransactionManager delegate;

    RollbackOnErrorTransactionManager(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        AtomicBoolean ended = new AtomicBoolean();
        Transaction ending = new Transaction() {
            @Override
            public void commit() {
                if (ended.compareAndSet(false, true)) {
                    transaction.commit();
                }
            }

            @Override
            public void rollback() {
                if (ended.compareAndSet(false, true)) {
                    transaction.rollback();
                }
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onCleanup(u -> {
                try {
                    ending.rollback();
                } catch (RuntimeException e) {
                    // The failure that got us here is what the caller must see; the transaction is unbound either way.
                    log.warn("Rolling back an interrupted transaction failed: {}", e.getClass().getSimpleName());
                }
            });
        }
        return ending;
    }
}
