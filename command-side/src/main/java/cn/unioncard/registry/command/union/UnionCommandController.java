package cn.unioncard.registry.command.union;

import cn.unioncard.registry.events.problem.RegistryProblem;
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
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Registering and correcting unions (附件2). Reads are on the query side. */
@RestController
@RequestMapping("/api/unions")
class UnionCommandController {

    private final CommandGateway commands;

    UnionCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<UnionRegistration> register(@RequestBody UnionForm form) {
        UnionRegistration result = commands.sendAndWait(new RegisterUnion(UUID.randomUUID().toString(), form));
        return ResponseEntity.created(URI.create("/api/unions/" + result.unionId()))
                .eTag(etag(1))
                .body(result);
    }

    @PutMapping("/{id}")
    ResponseEntity<Void> update(@PathVariable String id, @RequestBody UnionForm form,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Long version = Versions.parseIfMatch(ifMatch);
        long newVersion = commands.sendAndWait(new UpdateUnionProfile(id, version, form));
        return ResponseEntity.status(HttpStatus.NO_CONTENT).eTag(etag(newVersion)).build();
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** {@code If-Match} must be present and name one version: {@code "3"} or {@code W/"3"}. */
    static final class Versions {
        private Versions() {
        }

        /** The expected version, or null for {@code If-Match: *} (any current version). */
        static Long parseIfMatch(String header) {
            if (header == null || header.isBlank()) {
                throw new RegistryProblem(RegistryProblem.Kind.PRECONDITION_REQUIRED,
                        "修改需要 If-Match 请求头（取自读取时的 ETag）",
                        "an update needs an If-Match header with the ETag you read");
            }
            String v = header.trim();
            if (v.equals("*")) {
                return null;
            }
            if (v.startsWith("W/")) {
                v = v.substring(2);
            }
            v = v.replace("\"", "");
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw RegistryProblem.staleVersion();
            }
        }
    }
}
