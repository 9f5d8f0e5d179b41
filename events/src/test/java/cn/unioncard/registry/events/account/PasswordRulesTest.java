package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.Violations;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The password rules on their own: each refusal names the field and one code, never the password. */
class PasswordRulesTest {

    private static List<Violation> check(String password) {
        return PasswordRules.check("newPassword", "reviewer.siming", password, new Violations()).list();
    }

    private static String code(String password) {
        List<Violation> v = check(password);
        assertThat(v).as("%s", password.codePoints().mapToObj(Integer::toHexString).toList()).hasSize(1);
        assertThat(v.get(0).field()).isEqualTo("newPassword");
        if (password.strip().length() > 3) {
            assertThat(v.get(0).zh() + v.get(0).en()).doesNotContain(password.strip());
        }
        return v.get(0).code();
    }

    @Test
    void aLongUncommonPasswordPasses() {
        assertThat(check("Correct-Horse-42")).isEmpty();
        assertThat(check("工会卡办公室的新密码二〇二六")).isEmpty();
        assertThat(check("two words and more")).isEmpty();
    }

    @Test
    void lengthIsCountedAfterTrimmingAndInCharactersNotBytes() {
        assertThat(code(" ".repeat(12))).isEqualTo("password.too-short");
        assertThat(code("   nine-char   ")).isEqualTo("password.too-short");
        assertThat(code("\u3000".repeat(3) + "ninechars" + "\u3000")).isEqualTo("password.too-short");
        assertThat(check("十个汉字的密码就够长")).isEmpty();
        assertThat(code("")).isEqualTo("required");
    }

    @Test
    void controlAndInvisibleCharactersAreRefusedWhereverTheyStand() {
        for (String invisible : List.of("\u0000", "\t", "\n", "\u007F", "\u0085", "\u202E", "\u202D", "\u2066",
                "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u2028", "\u3164", "\uD800", "\uE000")) {
            assertThat(code(invisible.repeat(12))).isEqualTo("password.invisible-characters");
            assertThat(code("Pass" + invisible + "word-2026")).isEqualTo("password.invisible-characters");
            assertThat(code(invisible + "Password-2026")).isEqualTo("password.invisible-characters");
        }
    }

    @Test
    void theUserNameInAnyCaseIsRefused() {
        assertThat(code("reviewer.siming")).isEqualTo("password.is-username");
        assertThat(code(" REVIEWER.Siming ")).isEqualTo("password.is-username");
        assertThat(check("reviewer.siming.2026")).isEmpty();
    }

    @Test
    void theCommonestPasswordsAndOneRepeatedCharacterAreRefused() {
        for (String common : List.of("1234567890", "Password123", "QWERTYUIOP", "woaini1314", " 1qaz2wsx3edc ",
                "aaaaaaaaaaaa", "8888888888")) {
            assertThat(code(common)).isEqualTo("password.too-common");
        }
    }

    @Test
    void longerThanBcryptReadsIsRefused() {
        assertThat(code("密".repeat(25))).isEqualTo("password.too-long");
        assertThat(check("x".repeat(71) + "y")).isEmpty();
    }
}
