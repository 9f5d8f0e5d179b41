package cn.unioncard.registry.command.rest;

import cn.unioncard.registry.events.problem.RegistryProblem;

/** Aggregate versions as HTTP entity tags: {@code ETag: "3"}, updates with {@code If-Match: "3"}. */
public final class EntityVersions {

    private EntityVersions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * {@code If-Match} must be present and name one version ({@code "3"}, {@code W/"3"}); null
     * stands for {@code *}, any current version.
     */
    public static Long parseIfMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new RegistryProblem(RegistryProblem.Kind.PRECONDITION_REQUIRED,
                    "修改需要 If-Match 请求头（取自读取时的 ETag）", "an update needs an If-Match header with the ETag you read");
        }
        String v = header.trim();
        if (v.equals("*")) {
            return null;
        }
        v = (v.startsWith("W/") ? v.substring(2) : v).replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw RegistryProblem.staleVersion();
        }
    }
}
