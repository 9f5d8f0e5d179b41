package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Paging;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.query.union.UnionPaths;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Who read which member's data, for the data-protection officer and the auditor: one item per (read,
 * member), newest first, filtered by member, reader, union subtree (the member's current union), reveals
 * and time; as JSON pages or as one sheet, whose own read is recorded (it names the members listed).
 */
@RestController
class AccessLogController {

    record Page(int page, int size, long total, List<AccessLogReader.Entry> items) {
    }

    static final String SHEET_ENDPOINT = "GET /api/audit/access-log.xlsx";
    static final int MAX_SHEET_ROWS = 100_000;
    static final List<String> HEADINGS = List.of("查阅时间", "查阅编号", "会员编号", "查阅人", "角色", "所属单位",
            "查阅字段", "是否显示完整信息", "查阅目的", "接口", "客户端地址", "请求编号");
    private static final int[] WIDTHS = {24, 38, 38, 18, 18, 38, 30, 10, 30, 40, 16, 38};

    private final AccessLogReader reader;
    private final UnionPaths unions;
    private final AccessLog accessLog;

    AccessLogController(AccessLogReader reader, UnionPaths unions, AccessLog accessLog) {
        this.reader = reader;
        this.unions = unions;
        this.accessLog = accessLog;
    }

    @GetMapping("/api/audit/access-log")
    Page list(@RequestParam(required = false) String memberId, @RequestParam(required = false) String actor,
              @RequestParam(required = false) String unionId, @RequestParam(required = false) Boolean revealedOnly,
              @RequestParam(required = false) String from, @RequestParam(required = false) String to,
              @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
              Actor caller) {
        Permission.READ_ACCESS_LOG.require(caller);
        Paging.check(page, size, 500);
        AccessLogFilter filter = filter(memberId, actor, unionId, revealedOnly, from, to);
        return new Page(page, size, reader.total(filter), reader.page(filter, page, size));
    }

    @GetMapping("/api/audit/access-log.xlsx")
    // One transaction: the rows stream through a cursor, and the sheet's read is recorded in it.
    @Transactional
    ResponseEntity<byte[]> sheet(@RequestParam(required = false) String memberId,
                                 @RequestParam(required = false) String actor,
                                 @RequestParam(required = false) String unionId,
                                 @RequestParam(required = false) Boolean revealedOnly,
                                 @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to, Actor caller) {
        Permission.READ_ACCESS_LOG.require(caller);
        AccessLogFilter filter = filter(memberId, actor, unionId, revealedOnly, from, to);
        if (reader.total(filter) > MAX_SHEET_ROWS) {
            new Violations().error("filter", "export.too-large",
                    "记录超过 " + MAX_SHEET_ROWS + " 条，请缩小时间范围或增加筛选条件后再导出",
                    "more than " + MAX_SHEET_ROWS + " rows; narrow the period or add a filter").throwIfAny();
        }
        // Recorded first: if the record cannot be stored, no sheet is made.
        accessLog.record(caller, reader.members(filter), List.of("accessLog"), false, SHEET_ENDPOINT);
        try (AuditSheets sheets = new AuditSheets()) {
            sheets.sheet("访问记录", "个人信息访问记录（生成时间 " + Instant.now() + "）", filter.describe(), HEADINGS,
                    WIDTHS, row -> reader.each(filter, e -> row.accept(List.of(
                            e.accessedAt().toString(), e.accessId(), e.memberId(), nz(e.actor()), nz(e.role()),
                            nz(e.organisation()), String.join(",", e.fields()), e.revealed() ? "是" : "否",
                            nz(e.purpose()), nz(e.endpoint()), nz(e.clientAddress()), nz(e.requestId())))));
            return AuditSheets.download(sheets.bytes(), "access-log", "访问记录");
        }
    }

    private AccessLogFilter filter(String memberId, String actor, String unionId, Boolean revealedOnly, String from,
                                   String to) {
        AccessLogFilter filter = AccessLogFilter.of(memberId, actor, unionId, revealedOnly, from, to);
        if (filter.unionId() == null) {
            return filter;
        }
        return filter.withUnionPath(unions.pathOf(filter.unionId())
                .orElseThrow(() -> RegistryProblem.notFound("union")));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
