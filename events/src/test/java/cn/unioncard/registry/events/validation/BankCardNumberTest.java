package cn.unioncard.registry.events.validation;

import cn.unioncard.registry.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BankCardNumberTest {

    /*
     * Classic published Luhn test numbers (Visa, Mastercard, Discover, JCB); 19-digit numbers
     * are generated below and cross-checked with Reference.luhn.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "5500000000000004", "6011111111111117",
            "3530111333300000", "4111 1111 1111 1111", "4111-1111-1111-1111", "４１１１１１１１１１１１１１１１"})
    void publishedTestNumbersAreValid(String raw) {
        assertThat(BankCardNumber.isValid(raw)).isTrue();
        var out = new Violations();
        BankCardNumber.validate("cardNumber", raw, out);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void classicLuhnExample() {
        // 79927398713: digits from the right 3,1,7,8,9,3,7,2,9,9,7; doubled every second:
        // 3 + (1·2=2) + 7 + (8·2=16→7) + 9 + (3·2=6) + 7 + (2·2=4) + 9 + (9·2=18→9) + 7 = 70 ≡ 0
        assertThat(BankCardNumber.luhnValid("79927398713")).isTrue();
        assertThat(BankCardNumber.luhnCheckDigit("7992739871")).isEqualTo('3');
        assertThat(BankCardNumber.luhnValid("79927398710")).isFalse();
    }

    @Test
    void nineteenDigitNumbersWork() {
        String payload = "622202020000000000";
        char check = BankCardNumber.luhnCheckDigit(payload);
        assertThat(Reference.luhn(payload + check)).isTrue();
        assertThat(BankCardNumber.isValid(payload + check)).isTrue();
        assertThat(BankCardNumber.normalise("6222 0202 0000 0000 00" + check)).contains(payload + check);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"411111111111111", "41111111111111111111", "4111a11111111111", "卡号"})
    void wrongShapeIsAFormatError(String raw) {
        var out = new Violations();
        BankCardNumber.validate("cardNumber", raw, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("card-number.format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111112", "5500000000000040", "6011111111111171", "1411111111111111"})
    void wrongCheckDigitIsReported(String raw) {
        assertThat(Reference.luhn(raw)).isFalse();
        var out = new Violations();
        BankCardNumber.validate("cardNumber", raw, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("card-number.check-digit");
        assertThat(out.errors().get(0).en() + out.errors().get(0).zh()).doesNotContain(raw);
    }
}
