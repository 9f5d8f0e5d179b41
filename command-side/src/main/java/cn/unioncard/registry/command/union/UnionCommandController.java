package cn.unioncard.registry.command.union;

import cn.unioncard.registry.command.rest.EntityVersions;
import cn.unioncard.registry.events.union.RegisterUnion;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionRegistration;
import cn.unioncard.registry.events.union.UpdateUnionProfile;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/**
 * Registering and correcting unions (附件2). Reads are on the query side. {@code @ResponseStatus}
 * repeats the status each answer has, for the API description.
 */
@RestController
@RequestMapping("/api/unions")
class UnionCommandController {

    private final CommandGateway commands;

    UnionCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<UnionRegistration> register(@RequestBody UnionForm form) {
        UnionRegistration result = commands.sendAndWait(new RegisterUnion(UUID.randomUUID().toString(), form));
        return ResponseEntity.created(URI.create("/api/unions/" + result.unionId()))
                .eTag(EntityVersions.etag(1))
                .body(result);
    }

    @PutMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> update(@PathVariable String id, @RequestBody UnionForm form,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Long version = EntityVersions.parseIfMatch(ifMatch);
        long newVersion = commands.sendAndWait(new UpdateUnionProfile(id, version, form));
        return ResponseEntity.status(HttpStatus.NO_CONTENT).eTag(EntityVersions.etag(newVersion)).build();
    }
}
