package cn.unioncard.registry.command.das;

import cn.unioncard.registry.events.das.OfflineKeyIssued;
import cn.unioncard.registry.events.das.OfflineKeyRevoked;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An offline report key of one union: issued, then possibly revoked (for good). */
@Aggregate
class OfflineKey {

    @AggregateIdentifier
    private String keyId;
    private String unionId;
    private boolean revoked;

    OfflineKey() {
        // for Axon's event sourcing
    }

    OfflineKey(String keyId, String unionId, String publicKey) {
        apply(new OfflineKeyIssued(keyId, unionId, publicKey));
    }

    String unionId() {
        return unionId;
    }

    void revoke(String replacedBy) {
        if (revoked) {
            throw RegistryProblem.conflict("该密钥已吊销", "the key is revoked already");
        }
        apply(new OfflineKeyRevoked(keyId, unionId, replacedBy));
    }

    @EventSourcingHandler
    void on(OfflineKeyIssued e) {
        keyId = e.keyId();
        unionId = e.unionId();
    }

    @EventSourcingHandler
    void on(OfflineKeyRevoked e) {
        revoked = true;
    }
}
