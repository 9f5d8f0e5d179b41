package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Text;
import cn.unioncard.registry.events.validation.Violations;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The purpose a reader states, taken only where the edge has checked it (the {@code X-Purpose}
 * header, decoded as UTF-8 as the edge decodes it, or the query string — never a form body) and
 * checked again as free text, because it is stored in events: no control or invisible character,
 * at most {@link #MAX_LENGTH} characters.
 */
public final class StatedPurpose {

    public static final String FIELD = "purpose";
    public static final String HEADER = "X-Purpose";
    public static final int MAX_LENGTH = 200;

    private StatedPurpose() {
    }

    /** The purpose trimmed and NFC, or null when none is stated; a refusal naming {@code purpose} goes to {@code v}. */
    public static String of(HttpServletRequest request, Violations v) {
        String header = request.getHeader(HEADER);
        Optional<String> raw = header != null ? Optional.of(UnsafeCharacters.headerText(header))
                : fromQuery(request.getQueryString(), v);
        if (raw.isEmpty() || !FormFields.printable(v, FIELD, raw.get())) {
            return null;
        }
        String purpose = Text.nfc(Text.collapseWhitespace(raw.get()));
        if (purpose.codePointCount(0, purpose.length()) > MAX_LENGTH) {
            v.error(FIELD, "length", "用途不能超过 " + MAX_LENGTH + " 个字符",
                    "the purpose must not be longer than " + MAX_LENGTH + " characters");
            return null;
        }
        return purpose;
    }

    /** The first {@code purpose} of the query string, decoded as the edge decodes it. */
    private static Optional<String> fromQuery(String query, Violations v) {
        for (UnsafeCharacters.QueryPair pair : UnsafeCharacters.pairs(query)) {
            if (pair.name().filter(FIELD::equals).isPresent()) {
                if (pair.value().isEmpty()) {
                    UnsafeCharacters.malformedQuery(v, FIELD);
                }
                return pair.value();
            }
        }
        return Optional.empty();
    }
}
