package cn.unioncard.registry.command.member;

import cn.unioncard.registry.command.rest.EntityVersions;
import cn.unioncard.registry.events.member.CorrectMemberInfo;
import cn.unioncard.registry.events.member.ErasePersonalData;
import cn.unioncard.registry.events.member.MemberForm;
import cn.unioncard.registry.events.member.MemberRegistration;
import cn.unioncard.registry.events.member.RecordAuthorisation;
import cn.unioncard.registry.events.member.RegisterMember;
import cn.unioncard.registry.events.member.TransferMember;
import cn.unioncard.registry.events.member.WithdrawMember;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Registering and changing members (附件1). Reads, which are access-logged, are on the query side.
 * {@code @ResponseStatus} repeats the status each answer has, for the API description.
 */
@RestController
class MemberCommandController {

    record Authorisation(LocalDate receivedOn, String scanReference) {
    }

    record Withdrawal(String reason) {
    }

    record Transfer(String toSystemCode, String newEmployerName) {
    }

    record Erasure(String legalBasis) {
    }

    private final CommandGateway commands;

    MemberCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/api/unions/{unionId}/members")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MemberRegistration> register(@PathVariable String unionId, @RequestBody MemberForm form) {
        MemberRegistration result = commands.sendAndWait(new RegisterMember(UUID.randomUUID().toString(), unionId, form));
        return ResponseEntity.created(URI.create("/api/members/" + result.memberId()))
                .eTag(EntityVersions.etag(result.version())).body(result);
    }

    @PatchMapping("/api/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> correct(@PathVariable String id, @RequestBody MemberForm changes,
                                 @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        long version = commands.sendAndWait(new CorrectMemberInfo(id, EntityVersions.parseIfMatch(ifMatch), changes));
        return ResponseEntity.noContent().eTag(EntityVersions.etag(version)).build();
    }

    @PostMapping("/api/members/{id}/authorisation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> authorisation(@PathVariable String id, @RequestBody Authorisation body) {
        commands.sendAndWait(new RecordAuthorisation(id, body.receivedOn(), body.scanReference()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/members/{id}/withdrawal")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> withdraw(@PathVariable String id, @RequestBody Withdrawal body) {
        commands.sendAndWait(new WithdrawMember(id, body.reason()));
        return ResponseEntity.noContent().build();
    }

    /** Crypto-shredding by the data-protection officer; the member's history stays, erased. */
    @PostMapping("/api/members/{id}/erasure")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> erase(@PathVariable String id, @RequestBody Erasure body) {
        commands.sendAndWait(new ErasePersonalData(id, body.legalBasis()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/members/{id}/transfer")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> transfer(@PathVariable String id, @RequestBody Transfer body) {
        commands.sendAndWait(new TransferMember(id, body.toSystemCode(), body.newEmployerName()));
        return ResponseEntity.noContent().build();
    }
}
