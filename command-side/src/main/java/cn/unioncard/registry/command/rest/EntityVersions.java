package cn.unioncard.registry.command.rest;

import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Aggregate versions as HTTP entity tags: {@code ETag: "3"}, updates with {@code If-Match: "3"}. */
public final class EntityVersions {

    // RFC 9110 §8.8.3: entity-tag = [ W/ ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"\\s*");
    private static final Pattern VERSION = Pattern.compile("0|[1-9][0-9]{0,17}");

    private EntityVersions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an update may change, from {@code If-Match} (RFC 9110 §13.1.1, strong comparison):
     * {@code "3"} is version 3; {@code *} is any current version (null); a weak tag ({@code W/"3"})
     * or a tag no version of ours has never matches (412); a header that is not a list of entity
     * tags (an unquoted {@code 3}) is malformed (400); none at all is 428.
     */
    public static Long parseIfMatch(String header) {
        if (header == null) {
            throw new RegistryProblem(RegistryProblem.Kind.PRECONDITION_REQUIRED,
                    "修改需要 If-Match 请求头（取自读取时的 ETag）", "an update needs an If-Match header with the ETag you read");
        }
        if (header.trim().equals("*")) {
            return null;
        }
        List<Long> strong = new ArrayList<>();
        for (String member : header.split(",", -1)) {
            Matcher m = TAG.matcher(member);
            if (!m.matches()) {
                throw malformed();
            }
            if (m.group(1) == null && VERSION.matcher(m.group(2)).matches()) {
                strong.add(Long.parseLong(m.group(2)));
            }
        }
        if (strong.isEmpty()) {
            // Weak tags never match under strong comparison; opaque tags never were ours.
            throw RegistryProblem.staleVersion();
        }
        if (strong.size() > 1) {
            new Violations().error("If-Match", "if-match.one-version", "If-Match 只能指定一个版本（读取时的 ETag）",
                    "If-Match names one version: the ETag you read").throwIfAny();
        }
        return strong.get(0);
    }

    private static RuntimeException malformed() {
        new Violations().error("If-Match", "if-match.malformed",
                "If-Match 应为读取时得到的 ETag，带双引号，例如 \"3\"，或 *",
                "If-Match is the ETag you read, in double quotes such as \"3\", or *").throwIfAny();
        throw new IllegalStateException("unreachable");
    }
}
