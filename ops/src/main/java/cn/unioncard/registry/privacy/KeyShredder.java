package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Destroys the member's data key when their personal data is erased. Subscribing and failing its
 * command (declared below): an erasure is recorded only if the key is gone.
 * Once it commits, the old row versions are vacuumed away ({@link RowRemnants}).
 */
@Component
@ProcessingGroup(KeyShredder.GROUP)
class KeyShredder {

    static final String GROUP = "data-keys";

    private final KeyRing keys;
    private final RowRemnants remnants;

    /** Subscribing: an erasure is recorded only if its key is gone, in the same transaction. */
    @Bean
    static ProcessorSettings dataKeysProcessor() {
        return ProcessorSettings.subscribing(GROUP);
    }

    KeyShredder(KeyRing keys, RowRemnants remnants) {
        this.keys = keys;
        this.remnants = remnants;
    }

    @EventHandler
    void on(PersonalDataErased event) {
        keys.erase(event.memberId());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    remnants.removeSoon();
                }
            });
        }
    }
}
