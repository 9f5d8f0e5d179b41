package cn.unioncard.registry.events.problem;

/**
 * A refusal that the REST layer turns into an RFC 9457 problem. It carries both languages so
 * that the message is written where the rule is, and never the offending value itself (it may be
 * personal data).
 */
public class RegistryProblem extends RuntimeException {

    /**
     * Stable problem types, each with its HTTP status, type URI and title in both languages: what
     * the REST layer answers is data here, written once. The framework's own refusals (unreadable
     * body, wrong method…) are kinds too, though nothing in the registry throws them.
     */
    public enum Kind {
        NOT_FOUND(404, "not-found", "未找到", "Not found"),
        FORBIDDEN(403, "forbidden", "无权操作", "Forbidden"),
        CONFLICT(409, "conflict", "冲突", "Conflict"),
        /** It existed and was removed on purpose (an import's report after its retention period). */
        GONE(410, "gone", "已删除", "Gone"),
        PRECONDITION_FAILED(412, "stale-version", "版本已过期", "Stale version"),
        PRECONDITION_REQUIRED(428, "version-required", "缺少版本", "Version required"),
        UNAUTHENTICATED(401, "unauthenticated", "未登录", "Unauthenticated"),
        /** Too many failed logins: try again later (RFC 6585 429, with Retry-After). */
        ACCOUNT_LOCKED(429, "account-locked", "登录已暂停", "Login suspended"),
        ACCESS_LOG_UNAVAILABLE(503, "access-log-unavailable", "访问记录暂时无法写入", "Access log unavailable"),
        /** Work that takes the whole machine (a replay of the store) is already running: try again shortly. */
        BUSY(503, "busy", "系统繁忙", "Busy"),
        /** An Idempotency-Key already answered a different request (IETF httpapi-idempotency-key). */
        IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "幂等键已用于其他请求", "Idempotency key reused"),
        /** Some fields need correcting; the problem lists every violation at once. */
        INVALID_INPUT(400, "invalid-input", "输入有误", "Invalid input"),
        /** An upload that is not a readable .xlsx (old .xls, CSV, password-protected, damaged, a zip bomb). */
        UNREADABLE_FILE(400, "unreadable-file", "无法读取上传的文件", "Unreadable file"),
        MALFORMED_JSON(400, "malformed-json", "请求内容不是有效的 JSON", "Malformed JSON"),
        UNREADABLE_BODY(400, "unreadable-body", "无法读取请求内容", "Unreadable request body"),
        BODY_TOO_LARGE(413, "body-too-large", "请求内容过大", "Request body too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "不支持的内容类型", "Unsupported media type"),
        NOT_ACCEPTABLE(406, "not-acceptable", "无法提供所要求的格式", "Not acceptable"),
        METHOD_NOT_ALLOWED(405, "method-not-allowed", "不支持该请求方法", "Method not allowed"),
        /** The database cannot be reached: try again later (with Retry-After). */
        DATABASE_UNAVAILABLE(503, "database-unavailable", "服务暂时不可用", "Service unavailable"),
        /** Anything unexpected: a bug to fix. */
        INTERNAL_ERROR(500, "internal-error", "服务器内部错误", "Internal error");

        public final int status;
        public final String type;
        public final String titleZh;
        public final String titleEn;

        Kind(int status, String type, String titleZh, String titleEn) {
            this.status = status;
            this.type = type;
            this.titleZh = titleZh;
            this.titleEn = titleEn;
        }
    }

    private final Kind kind;
    private final String zh;
    private final String en;

    public RegistryProblem(Kind kind, String zh, String en) {
        super(kind.type + ": " + en);
        this.kind = kind;
        this.zh = zh;
        this.en = en;
    }

    public static RegistryProblem notFound(String what) {
        return new RegistryProblem(Kind.NOT_FOUND, "未找到该" + zhName(what), "No such " + what + " in your scope");
    }

    public static RegistryProblem forbidden(String zh, String en) {
        return new RegistryProblem(Kind.FORBIDDEN, zh, en);
    }

    public static RegistryProblem conflict(String zh, String en) {
        return new RegistryProblem(Kind.CONFLICT, zh, en);
    }

    public static RegistryProblem staleVersion() {
        return new RegistryProblem(Kind.PRECONDITION_FAILED, "数据已被他人修改，请刷新后重试",
                "The resource was changed by someone else; reload it and try again");
    }

    public Kind kind() {
        return kind;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    private static String zhName(String what) {
        return switch (what) {
            case "union" -> "工会";
            case "user" -> "用户";
            case "member" -> "会员";
            case "import" -> "导入任务";
            case "batch" -> "批次";
            case "card" -> "工会卡";
            default -> "资源";
        };
    }
}
