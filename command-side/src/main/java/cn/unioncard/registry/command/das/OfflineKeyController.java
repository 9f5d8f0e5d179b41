package cn.unioncard.registry.command.das;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.das.IssueOfflineKey;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.events.das.RevokeOfflineKey;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issues, lists and revokes a union's offline report keys. The key pair is made here; the private key goes
 * into this one answer (never a message, a log line or a table) and cannot be fetched again.
 */
@RestController
class OfflineKeyController {

    /** The answer to issuing: save {@code keyFile} as {@code union.key}. */
    record Issued(String keyId, String unionSystemCode, String keyFile) {
    }

    record Listed(String keyId, Instant issuedAt, String issuedBy, boolean revoked, Instant revokedAt,
                  String replacedBy) {
    }

    private final CommandGateway commands;
    private final UnionTree tree;
    private final OfflineKeyLookup lookup;

    OfflineKeyController(CommandGateway commands, UnionTree tree, OfflineKeyLookup lookup) {
        this.commands = commands;
        this.tree = tree;
        this.lookup = lookup;
    }

    @PostMapping("/api/unions/{unionId}/offline-keys")
    ResponseEntity<Issued> issue(@PathVariable String unionId) {
        KeyPair pair = OfflineKeys.generate();
        String keyId = UUID.randomUUID().toString();
        String issued = commands.sendAndWait(new IssueOfflineKey(keyId, unionId, OfflineKeys.encode(pair.getPublic())));
        if (!keyId.equals(issued)) {
            // A retry with the same Idempotency-Key: its private key was handed out once and is gone.
            throw RegistryProblem.conflict("该密钥已签发，私钥只提供一次：如已遗失，请重新签发（旧密钥随之吊销）",
                    "this key was issued already and its private key is shown once: issue a new one if it was lost");
        }
        String code = tree.find(unionId).orElseThrow().systemCode();
        return ResponseEntity.created(URI.create("/api/unions/" + unionId + "/offline-keys/" + keyId))
                .cacheControl(CacheControl.noStore())
                .body(new Issued(keyId, code, OfflineKeys.keyFile(keyId, code, pair.getPrivate())));
    }

    @GetMapping("/api/unions/{unionId}/offline-keys")
    List<Listed> list(@PathVariable String unionId, Actor actor) {
        tree.requireVisible(actor, unionId);
        Permission.ISSUE_OFFLINE_KEYS.require(actor);
        return lookup.ofUnion(unionId).stream().map(k -> new Listed(k.keyId(), k.issuedAt(), k.issuedBy(),
                k.revoked(), k.revokedAt(), k.replacedBy())).toList();
    }

    @PostMapping("/api/unions/{unionId}/offline-keys/{keyId}/revocation")
    ResponseEntity<Void> revoke(@PathVariable String unionId, @PathVariable String keyId) {
        commands.sendAndWait(new RevokeOfflineKey(keyId, unionId));
        return ResponseEntity.noContent().build();
    }
}
