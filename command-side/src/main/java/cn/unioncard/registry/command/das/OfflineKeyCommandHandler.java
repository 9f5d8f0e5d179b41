package cn.unioncard.registry.command.das;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.das.IssueOfflineKey;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.events.das.RevokeOfflineKey;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Offline key commands: scope (404), permission (403), a grassroots union (400). A union has one live key:
 * issuing a new one revokes the ones before it, so a lost or leaked key file is replaced in one step.
 */
@Component
class OfflineKeyCommandHandler {

    private final Repository<OfflineKey> keys;
    private final OfflineKeyLookup lookup;
    private final UnionTree tree;
    private final Clock clock;

    OfflineKeyCommandHandler(Repository<OfflineKey> keys, OfflineKeyLookup lookup, UnionTree tree, Clock clock) {
        this.keys = keys;
        this.lookup = lookup;
        this.tree = tree;
        this.clock = clock;
    }

    /** Answers the key id (a retry answered from the idempotency store gets the first key's). */
    @CommandHandler
    String handle(IssueOfflineKey command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionTree.Node union = tree.requireWritable(actor, command.unionId());
        Permission.ISSUE_OFFLINE_KEYS.require(actor);
        if (union.level() != UnionLevel.GRASSROOTS) {
            new Violations().error("unionId", "union.not-grassroots", "离线上报密钥只签发给基层工会",
                    "offline report keys are issued to grassroots unions only").throwIfAny();
        }
        try {
            OfflineKeys.publicKey(command.publicKey());
        } catch (IllegalArgumentException notEd25519) {
            new Violations().error("publicKey", "key.not-ed25519", "公钥不是 Ed25519 公钥",
                    "the public key is not an Ed25519 key").throwIfAny();
        }
        for (OfflineKeyLookup.Key old : lookup.ofUnion(union.unionId())) {
            if (!old.revoked()) {
                keys.load(old.keyId()).execute(k -> k.revoke(command.keyId()));
                lookup.revoked(old.keyId(), clock.instant(), command.keyId());
            }
        }
        keys.newInstance(() -> new OfflineKey(command.keyId(), union.unionId(), command.publicKey()));
        lookup.issued(command.keyId(), union.unionId(), command.publicKey(), clock.instant(), actor.username());
        return command.keyId();
    }

    @CommandHandler
    void handle(RevokeOfflineKey command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionTree.Node union = tree.requireWritable(actor, command.unionId());
        OfflineKeyLookup.Key key = lookup.find(command.keyId()).filter(k -> k.unionId().equals(union.unionId()))
                .orElseThrow(() -> RegistryProblem.notFound("offline key"));
        Permission.ISSUE_OFFLINE_KEYS.require(actor);
        if (key.revoked()) {
            return; // revoking is idempotent: the key stays revoked as it was, nothing is recorded again
        }
        keys.load(key.keyId()).execute(k -> k.revoke(null));
        lookup.revoked(key.keyId(), clock.instant(), null);
    }
}
