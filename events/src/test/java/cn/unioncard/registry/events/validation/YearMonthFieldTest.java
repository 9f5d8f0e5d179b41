package cn.unioncard.registry.events.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

class YearMonthFieldTest {

    private static final YearMonth NOW = YearMonth.of(2024, 6);

    @ParameterizedTest
    @CsvSource({
            "2013-01, 2013-01",
            "2013-1, 2013-01",
            "201301, 2013-01",
            "2013/01, 2013-01",
            "2013/1, 2013-01",
            "2013.01, 2013-01",
            "2013年1月, 2013-01",
            "2013年01月, 2013-01",
            "'2013 年 12 月', 2013-12",
            "２０１３－０１, 2013-01",
            "２０１３年１２月, 2013-12",
            "'  1950-01 ', 1950-01"
    })
    void acceptedSpellings(String raw, String expected) {
        assertThat(YearMonthField.parse(raw)).contains(YearMonth.parse(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"2013-13", "2013-00", "201313", "1899-12", "1900-01", "1949-12", "13-01", "2013-01-01", "2013",
            "2013年", "一九九九年一月", "2013-001", "20131", "2013 01", "abcd-ef"})
    void rejectedSpellings(String raw) {
        assertThat(YearMonthField.parse(raw)).isEmpty();
        var out = new Violations();
        YearMonthField.validate("workStart", raw, NOW, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("year-month.format");
    }

    @Test
    void futureMonthsAreRejectedAndTheCurrentMonthIsNot() {
        var out = new Violations();
        YearMonthField.validate("unionJoin", "2024-07", NOW, out);
        YearMonthField.validate("unionJoin", "2024-06", NOW, out);
        YearMonthField.validate("unionJoin", "1950-01", NOW, out);
        assertThat(out.list()).extracting(Violation::code).containsExactly("year-month.future");
    }
}
