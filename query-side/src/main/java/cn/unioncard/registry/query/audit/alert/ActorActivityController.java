package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.DenialKind;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one account did, read and was refused in a period (default the last 30 days): for the DPO and
 * auditors. Names events, member counts and endpoints; never a member's data.
 */
@RestController
class ActorActivityController {

    static final int CAP = 10_000;
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    record Denial(String denialId, Instant at, DenialKind kind, String label, String method, String endpoint,
                  String clientAddress) {
    }

    record Activity(String username, Instant from, Instant to, List<ActorActivity.Change> changes,
                    List<ActorActivity.Read> reads, List<Denial> denials, boolean truncated) {
    }

    private final ActorActivity activity;
    private final Clock clock;

    ActorActivityController(ActorActivity activity, Clock clock) {
        this.activity = activity;
        this.clock = clock;
    }

    @GetMapping("/api/audit/actors/{username}/activity")
    Activity activity(@PathVariable String username, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to,
                      @RequestHeader(value = "Accept-Language", required = false) String language, Actor actor) {
        Permission.READ_ACTOR_ACTIVITY.require(actor);
        Period period = Period.of(from, to, DEFAULT_PERIOD, clock.instant());
        boolean english = language != null && language.trim().toLowerCase(Locale.ROOT).startsWith("en");
        List<ActorActivity.Change> changes = activity.changes(username, period, CAP + 1);
        List<ActorActivity.Read> reads = activity.reads(username, period, CAP + 1);
        List<Denial> denials = activity.denials(username, period, CAP + 1).stream().map(d -> {
            DenialKind kind = DenialKind.valueOf(d.kind());
            return new Denial(d.denialId(), d.at(), kind, english ? kind.en() : kind.zh(), d.method(), d.endpoint(),
                    d.clientAddress());
        }).toList();
        boolean truncated = changes.size() > CAP || reads.size() > CAP || denials.size() > CAP;
        return new Activity(username, period.from(), period.to(), cap(changes), cap(reads), cap(denials), truncated);
    }

    private static <T> List<T> cap(List<T> list) {
        return list.size() > CAP ? list.subList(0, CAP) : list;
    }
}
