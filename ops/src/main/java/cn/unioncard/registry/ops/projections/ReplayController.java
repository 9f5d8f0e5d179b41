package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * The city admin's view of every projection (position, lag, state, the last replay) and the replay
 * that rebuilds one from the event store while the registry keeps serving (README "Projection replays").
 */
@RestController
class ReplayController {

    private final Replays replays;

    ReplayController(Replays replays) {
        this.replays = replays;
    }

    @GetMapping("/api/admin/projections")
    List<Replays.Item> list(Actor actor) {
        Permission.READ_PROJECTIONS.require(actor);
        return replays.list();
    }

    @GetMapping("/api/admin/projections/{name}")
    Replays.Item one(@PathVariable String name, Actor actor) {
        Permission.READ_PROJECTIONS.require(actor);
        return replays.item(name);
    }

    @PostMapping("/api/admin/projections/{name}/replay")
    ResponseEntity<Replays.Item> replay(@PathVariable String name, Actor actor) {
        Permission.REPLAY_PROJECTIONS.require(actor);
        Replays.Item started = replays.start(name);
        return ResponseEntity.accepted().location(URI.create("/api/admin/projections/" + started.name()))
                .body(started);
    }
}
