package cn.unioncard.registry.events.problem;

/**
 * A refusal that the REST layer turns into an RFC 9457 problem. It carries both languages so
 * that the message is written where the rule is, and never the offending value itself (it may be
 * personal data).
 */
public class RegistryProblem extends RuntimeException {

    /** Stable problem types; the REST layer maps each to its HTTP status and type URI. */
    public enum Kind {
        NOT_FOUND(404, "not-found"),
        FORBIDDEN(403, "forbidden"),
        CONFLICT(409, "conflict"),
        PRECONDITION_FAILED(412, "stale-version"),
        PRECONDITION_REQUIRED(428, "version-required"),
        UNAUTHENTICATED(401, "unauthenticated"),
        /** Too many failed logins: try again later (RFC 6585 429, with Retry-After). */
        ACCOUNT_LOCKED(429, "account-locked"),
        ACCESS_LOG_UNAVAILABLE(503, "access-log-unavailable"),
        /** An Idempotency-Key already answered a different request (IETF httpapi-idempotency-key). */
        IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused");

        public final int status;
        public final String type;

        Kind(int status, String type) {
            this.status = status;
            this.type = type;
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
            default -> "资源";
        };
    }
}
