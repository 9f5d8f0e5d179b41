package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A union may be older than any working life: {@code founded} has its own floor, not the 1950 of a member's dates. */
class UnionFoundedTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private static UnionForm foundedIn(String founded) {
        return new UnionForm(null, UnionLevel.DISTRICT, "厦门市海员工会", null, null, null, null, null, null, null,
                null, null, founded, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1900-01", "1925-05", "1949-12", "1950-01"})
    void aUnionFoundedBeforeAnyWorkingLifeIsAccepted(String founded) {
        UnionProfile profile = UnionFormValidator.check(foundedIn(founded), UnionLevel.DISTRICT, TODAY).profile();
        assertThat(profile.founded()).isEqualTo(YearMonth.parse(founded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1899-12", "1066-10", "2027-01"})
    void aFoundingBeforeTheFloorOrInTheFutureIsRefusedAndNamed(String founded) {
        assertThatExceptionOfType(InvalidInputException.class)
                .isThrownBy(() -> UnionFormValidator.check(foundedIn(founded), UnionLevel.DISTRICT, TODAY))
                .satisfies(e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("founded"));
    }
}
