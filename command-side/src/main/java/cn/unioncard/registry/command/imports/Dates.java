package cn.unioncard.registry.command.imports;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/** The date spellings the member form's validator accepts, for the union form whose filled-on date is a {@code LocalDate}. */
final class Dates {

    private static final List<DateTimeFormatter> FORMS = List.of("uuuu-M-d", "uuuuMMdd", "uuuu/M/d", "uuuu.M.d",
            "uuuu年M月d日").stream().map(p -> DateTimeFormatter.ofPattern(p).withResolverStyle(ResolverStyle.STRICT))
            .toList();

    private Dates() {
    }

    /** The date, or null when no spelling matches or the day does not exist. */
    static LocalDate parse(String s) {
        String t = s.replace(" ", "");
        for (DateTimeFormatter f : FORMS) {
            try {
                return LocalDate.parse(t, f);
            } catch (DateTimeParseException e) {
                // try the next spelling
            }
        }
        return null;
    }
}
