package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.validation.Violation;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ID numbers seen earlier in the same file: the first row with a number wins, a later one is a
 * duplicate naming it. Only rows whose cells were readable take part, so the set is the same when a
 * resumed job rebuilds it by reading the committed rows again.
 */
final class FileDuplicates {

    private final Map<String, Integer> firstRow = new HashMap<>();

    /** The duplicate problem if an earlier row had this number; otherwise remembers the row and answers null. */
    Violation check(String idNumber, int row) {
        String key = normalised(idNumber);
        if (key.isEmpty()) {
            return null;
        }
        Integer first = firstRow.putIfAbsent(key, row);
        if (first == null || first == row) {
            return null;
        }
        return Violation.error("idNumber", "import.duplicate-in-file", "与第 " + first + " 行证件号码相同",
                "same ID number as row " + first);
    }

    static String normalised(String idNumber) {
        if (idNumber == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(idNumber.length());
        idNumber.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .map(c -> c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c).forEach(b::appendCodePoint);
        return b.toString().toUpperCase(Locale.ROOT);
    }
}
