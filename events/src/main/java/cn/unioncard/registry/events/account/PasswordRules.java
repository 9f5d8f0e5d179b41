package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.validation.Violations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be, wherever one is set (first set or changed): long enough once trimmed,
 * free of characters nobody can see or type back, not the user name, not one of the commonest.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 10;
    private static final Set<String> COMMON = load("common-passwords.txt");

    private PasswordRules() {
    }

    /** Adds a violation on {@code field} for each rule {@code password} breaks; never names the password. */
    public static Violations check(String field, String username, String password, Violations v) {
        if (password == null || password.isEmpty()) {
            return v.error(field, "required", "必填项不能为空", "this field is required");
        }
        if (hasInvisibleCharacters(password)) {
            // Checked first: a NUL or a bidi override would also distort the length below.
            return v.error(field, "password.invisible-characters", "密码不能包含控制字符或不可见字符",
                    "the password must not contain control or invisible characters");
        }
        String trimmed = password.strip();
        if (trimmed.codePointCount(0, trimmed.length()) < MIN_LENGTH) {
            return v.error(field, "password.too-short", "密码去掉首尾空白后至少 " + MIN_LENGTH + " 个字符",
                    "the password needs at least " + MIN_LENGTH + " characters, not counting leading or trailing spaces");
        }
        if (!ChangePassword.fitsHash(password)) {
            return v.error(field, "password.too-long", "密码不能超过 " + ChangePassword.MAX_BYTES + " 字节",
                    "the password must not exceed " + ChangePassword.MAX_BYTES + " bytes");
        }
        if (username != null && trimmed.equalsIgnoreCase(username.strip())) {
            return v.error(field, "password.is-username", "密码不能与用户名相同", "the password must not be the user name");
        }
        if (COMMON.contains(trimmed.toLowerCase(Locale.ROOT)) || oneCharacterRepeated(trimmed)) {
            return v.error(field, "password.too-common", "该密码过于常见，请换一个",
                    "this password is among the most common ones; choose another");
        }
        return v;
    }

    /**
     * Control characters (NUL, line breaks, tabs…), format characters (bidi overrides and isolates,
     * zero-width spaces and joiners, the BOM), line and paragraph separators, unassigned, private-use
     * and unpaired surrogate code points, and the fillers that render as nothing.
     */
    static boolean hasInvisibleCharacters(String s) {
        return s.codePoints().anyMatch(cp -> switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x2800 || cp == 0x3164 || cp == 0xFFA0;
        });
    }

    private static boolean oneCharacterRepeated(String s) {
        int first = s.codePointAt(0);
        return s.codePoints().allMatch(cp -> cp == first);
    }

    private static Set<String> load(String resource) {
        Set<String> out = new HashSet<>();
        try (InputStream in = PasswordRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    out.add(entry.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
