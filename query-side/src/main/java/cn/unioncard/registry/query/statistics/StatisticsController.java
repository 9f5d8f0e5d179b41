package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The statistics of the viewer's subtree (default: the viewer's own union), today's from the
 * projection or, with {@code asOf}, recomputed from the events up to that instant. Counts only: not a
 * recorded read; small cells of grassroots rows are suppressed ({@link Figures#suppressed}).
 */
@RestController
class StatisticsController {

    /** Ages are counted in the registry's zone: the year of the instant there. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final ViewerScope scopes;
    private final UnionPaths unions;
    private final LiveStatistics live;
    private final StatisticsReplay replay;
    private final ReplayGate gate = new ReplayGate(Duration.ofSeconds(30));

    StatisticsController(ViewerScope scopes, UnionPaths unions, LiveStatistics live, StatisticsReplay replay) {
        this.scopes = scopes;
        this.unions = unions;
        this.live = live;
        this.replay = replay;
    }

    @GetMapping("/api/statistics")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Figures.Statistics get(@RequestParam(required = false) String unionId,
                           @RequestParam(required = false) String asOf, Actor actor) {
        return statistics(unionId, asOf, actor);
    }

    @GetMapping("/api/statistics.xlsx")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    ResponseEntity<byte[]> workbook(@RequestParam(required = false) String unionId,
                                    @RequestParam(required = false) String asOf, Actor actor) {
        Figures.Statistics s = statistics(unionId, asOf, actor);
        byte[] bytes = StatisticsWorkbook.of(s);
        return ResponseEntity.ok().contentType(XLSX).contentLength(bytes.length)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statistics.xlsx\"").body(bytes);
    }

    private Figures.Statistics statistics(String unionId, String asOf, Actor actor) {
        String id = unionId == null || unionId.isBlank() ? actor.organisationId() : unionId;
        if (id == null || !scopes.sees(actor, unions.pathOf(id).orElse(null))) {
            throw RegistryProblem.notFound("union");
        }
        Permission.READ_STATISTICS.require(actor);
        if (asOf == null) {
            return live.of(id, Instant.now().atZone(ZONE).getYear())
                    .orElseThrow(() -> RegistryProblem.notFound("union"));
        }
        Instant at = instant(asOf);
        StatisticsModel model = gate.run(() -> replay.upTo(at));
        if (model.union(id) == null) {
            // The union was registered after the instant: it did not exist then.
            throw RegistryProblem.notFound("union");
        }
        return model.statistics(id, at.atZone(ZONE).getYear(), at);
    }

    private static final Instant EARLIEST = Instant.parse("2012-12-31T16:00:00Z"); // 2013-01-01 in Beijing

    /** An ISO offset date-time, not before 2013 nor in the future. */
    static Instant instant(String asOf) {
        Instant at;
        try {
            at = OffsetDateTime.parse(asOf.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(Violation.error("asOf", "statistics.as-of.format",
                    "统计时点应为带时区的日期时间，如 2026-06-30T00:00:00+08:00",
                    "asOf must be an ISO date-time with an offset, such as 2026-06-30T00:00:00+08:00"));
        }
        if (at.isBefore(EARLIEST)) {
            // Nothing was recorded before the registry existed; a year like -5000 is a typing slip, not a query.
            throw new InvalidInputException(Violation.error("asOf", "statistics.as-of.too-early",
                    "统计时点不能早于 2013-01-01", "asOf cannot be before 2013-01-01"));
        }
        if (at.isAfter(Instant.now())) {
            throw new InvalidInputException(Violation.error("asOf", "statistics.as-of.future",
                    "统计时点不能晚于现在", "asOf cannot be in the future"));
        }
        return at;
    }
}
