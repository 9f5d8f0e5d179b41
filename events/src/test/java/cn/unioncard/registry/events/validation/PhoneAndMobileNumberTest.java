package cn.unioncard.registry.events.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneAndMobileNumberTest {

    @ParameterizedTest
    @CsvSource({
            "13912345678, 13912345678",
            "'139 1234 5678', 13912345678",
            "139-1234-5678, 13912345678",
            "+8613912345678, 13912345678",
            "'+86 139 1234 5678', 13912345678",
            "008613912345678, 13912345678",
            "0086-139-1234-5678, 13912345678",
            "8613912345678, 13912345678",
            "１３９１２３４５６７８, 13912345678",
            "＋８６１９９１２３４５６７８, 19912345678",
            "'\u3000 15012345678 ', 15012345678"
    })
    void mobilesAreNormalised(String raw, String expected) {
        assertThat(MobileNumber.normalise(raw)).contains(expected);
        assertThat(MobileNumber.isValid(raw)).isTrue();
        assertThat(PhoneNumber.normalise(raw)).contains(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12912345678", "11912345678", "1391234567", "139123456789", "23912345678",
            "+85213912345678", "+86-0592-5551234", "1391234567a", "0592-5551234", "86139123456"})
    void badMobilesAreRejected(String raw) {
        assertThat(MobileNumber.isValid(raw)).isFalse();
        var out = new Violations();
        MobileNumber.validate("mobile", raw, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("mobile.format");
        if (raw != null && !raw.isEmpty()) {
            assertThat(out.list().get(0).zh() + out.list().get(0).en()).doesNotContain(raw);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "0592-5551234, 0592-5551234",
            "05925551234, 05925551234",
            "010-88888888, 010-88888888",
            "'010 8888 8888', 01088888888",
            "5551234, 5551234",
            "55512345, 55512345",
            "0592-5551234-801, 0592-5551234-801",
            "5551234-1, 5551234-1",
            "０５９２－５５５１２３４, 0592-5551234",
            "'+86 139 1234 5678', 13912345678"
    })
    void landlinesAndMobilesAreAcceptedAsPhones(String raw, String expected) {
        assertThat(PhoneNumber.normalise(raw)).contains(expected);
        var out = new Violations();
        PhoneNumber.validate("chairPhone", raw, out);
        assertThat(out.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"123", "555123", "0592-555123", "0592-5551234-1234567", "(0592)5551234",
            "05921-5551234", "phone", "0592--5551234", "0592-5551234-", "5551234567890"})
    void badPhonesAreRejected(String raw) {
        assertThat(PhoneNumber.isValid(raw)).isFalse();
        var out = new Violations();
        PhoneNumber.validate("chairPhone", raw, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("phone.format");
    }
}
