package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.imports.SheetRow.Cell;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.validation.Text;
import cn.unioncard.registry.events.validation.Violations;
import org.apache.poi.ss.usermodel.DateUtil;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one sheet row's cells into the form's raw values the way a clerk meant them, whatever Excel or
 * WPS stored (a number for an ID, a date serial, full-width digits, 是/Y/√); the form's validator then
 * checks the values as for a typed form. A cell that cannot mean anything gets a problem here and its
 * field is left null. Problems never quote the cell.
 */
final class RowReader {

    /** An unformatted whole number below 1950-01-01's serial is a code or option number, not a date. */
    private static final double EARLIEST_SERIAL = 18264;
    private static final int EXACT_DIGITS = 15; // Excel and WPS keep 15 significant digits of a number
    private static final Set<String> YES = Set.of("是", "y", "yes", "1", "true", "√", "✓", "✔", "对", "有");
    private static final Set<String> NO = Set.of("否", "n", "no", "0", "false", "×", "✗", "✘", "x", "错", "无");
    private static final Pattern LEADING_CODE = Pattern.compile("\\d+ (.+)");
    private static final Pattern FULL_DATE = Pattern.compile("(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?");

    private final List<SheetColumn> columns;
    private final Map<String, Integer> index;
    private final SheetRow row;
    private final Violations problems = new Violations();

    RowReader(List<SheetColumn> columns, Map<String, Integer> index, SheetRow row) {
        this.columns = columns;
        this.index = index;
        this.row = row;
    }

    Violations problems() {
        return problems;
    }

    /** A text-valued field, read as its column's kind says. */
    String string(String field) {
        int i = index.get(field);
        Cell c = usable(i);
        if (c == null) {
            return null;
        }
        SheetColumn column = columns.get(i);
        return switch (column.kind()) {
            case DIGITS -> digits(field, c);
            case CODE -> c.kind() == Cell.Kind.NUMBER ? wholeOr(c) : clean(c.kind() == Cell.Kind.TEXT ? c.text() : c.shown());
            case DATE, DATE_OR_LONG_TERM -> date(c);
            case YEAR_MONTH, YEAR_MONTH_OR_NOT_INSURED -> yearMonth(c);
            default -> clean(c.kind() == Cell.Kind.TEXT ? c.text() : c.shown());
        };
    }

    Boolean yesNo(String field) {
        Cell c = usable(index.get(field));
        if (c == null) {
            return null;
        }
        String s = c.kind() == Cell.Kind.NUMBER ? wholeOr(c) : clean(c.text());
        Matcher m = LEADING_CODE.matcher(s);
        String answer = (m.matches() ? m.group(1) : s).toLowerCase(java.util.Locale.ROOT);
        if (YES.contains(answer)) {
            return true;
        }
        if (NO.contains(answer)) {
            return false;
        }
        problems.error(field, "cell.yes-no", "请填 是 或 否", "fill in 是 (yes) or 否 (no)");
        return null;
    }

    Integer count(String field) {
        Cell c = usable(index.get(field));
        if (c == null) {
            return null;
        }
        try {
            BigDecimal n = new BigDecimal(c.kind() == Cell.Kind.NUMBER ? c.text().trim() : clean(c.text()));
            if (n.signum() >= 0) {
                return n.intValueExact();
            }
            return bad(field);
        } catch (NumberFormatException | ArithmeticException e) {
            return bad(field);
        }
    }

    /** A date field the form holds as a {@code LocalDate}: read as a date column, then parsed. */
    LocalDate localDate(String field) {
        String s = string(field);
        if (s == null) {
            return null;
        }
        LocalDate d = Dates.parse(s);
        if (d == null) {
            problems.error(field, "cell.date", "日期格式不正确（如 2013-01-16）", "a date must look like 2013-01-16");
        }
        return d;
    }

    private Integer bad(String field) {
        problems.error(field, "cell.count", "请填不小于 0 的整数", "a whole number, not negative, is required");
        return null;
    }

    /** The cell, or null when it is empty or holds no usable value (then a problem says why). */
    private Cell usable(int i) {
        Cell c = row.cells().get(i);
        if (c == null) {
            return null;
        }
        String field = columns.get(i).field();
        if (c.kind() == Cell.Kind.ERROR) {
            problems.error(field, "cell.error", "单元格是错误值（如 #N/A）：请改为实际内容",
                    "the cell holds an error value (such as #N/A): type the value");
            return null;
        }
        if (c.kind() == Cell.Kind.FORMULA || c.text() == null) {
            problems.error(field, "cell.formula-no-value", "公式没有保存计算结果：请在 Excel 或 WPS 中重新计算并保存",
                    "the formula has no saved result: recalculate and save in Excel or WPS");
            return null;
        }
        return c;
    }

    /**
     * Digits kept as text; a number is exact up to 15 significant digits (Excel's and WPS's precision), so
     * a longer one (an 18-digit ID number) has lost its last digits. A number format that shows leading
     * zeros (00123) is read as shown.
     */
    private String digits(String field, Cell c) {
        if (c.kind() != Cell.Kind.NUMBER && c.kind() != Cell.Kind.DATE) {
            return clean(c.text());
        }
        BigDecimal n = new BigDecimal(c.text().trim());
        if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
            return clean(c.shown());
        }
        BigInteger whole = n.toBigIntegerExact();
        if (whole.toString().length() > EXACT_DIGITS) {
            problems.error(field, "cell.number-lost-digits", "以数字形式保存，末尾数字已丢失：请将该列设为文本格式后重新输入",
                    "stored as a number, digits lost — format the column as text and type it again");
            return null;
        }
        String shown = clean(c.shown());
        return shown != null && shown.chars().allMatch(Character::isDigit) && new BigInteger(shown).equals(whole)
                ? shown : whole.toString();
    }

    /** A date cell or serial → yyyy-MM-dd; an 8-digit number (19900101) or text goes on as typed. */
    private String date(Cell c) {
        LocalDate d = serial(c);
        if (d != null) {
            return d.toString();
        }
        return c.kind() == Cell.Kind.NUMBER ? wholeOr(c) : clean(c.kind() == Cell.Kind.TEXT ? c.text() : c.shown());
    }

    /**
     * A date cell or serial → yyyy-MM; text goes on as typed (the validator reads 1990-01, 1990.1, 1990/01,
     * 1990年1月, 199001), except a whole date (1990-01-15, 1990/1/15) whose day is dropped. A number that is
     * not a date (1990.1 typed into a General cell) is read as Excel shows it: 1990.10 typed is stored and
     * shown as 1990.1, January, which only a text-formatted column (as the template's) avoids.
     */
    private String yearMonth(Cell c) {
        LocalDate d = serial(c);
        if (d != null) {
            return d.toString().substring(0, 7);
        }
        String s = c.kind() == Cell.Kind.NUMBER ? wholeOr(c) : clean(c.kind() == Cell.Kind.TEXT ? c.text() : c.shown());
        Matcher m = FULL_DATE.matcher(s);
        return m.matches() ? m.group(1) + "-" + (m.group(2).length() == 1 ? "0" : "") + m.group(2) : s;
    }

    /** The day a date-formatted cell holds, or an unformatted whole number in the serial range of 1950–2099. */
    private static LocalDate serial(Cell c) {
        if (c.kind() != Cell.Kind.DATE && c.kind() != Cell.Kind.NUMBER) {
            return null;
        }
        double v = Double.parseDouble(c.text().trim());
        boolean plainSerial = c.kind() == Cell.Kind.NUMBER && v == Math.rint(v) && v >= EARLIEST_SERIAL && v < 73051;
        if ((c.kind() == Cell.Kind.DATE || plainSerial) && DateUtil.isValidExcelDate(v)) {
            return DateUtil.getLocalDateTime(v, false).toLocalDate();
        }
        return null;
    }

    /** A whole number's digits (1.0 → 1), else the text Excel shows. */
    private static String wholeOr(Cell c) {
        try {
            BigDecimal n = new BigDecimal(c.text().trim()).stripTrailingZeros();
            return n.scale() <= 0 ? n.toPlainString() : clean(c.shown());
        } catch (NumberFormatException e) {
            return clean(c.shown());
        }
    }

    /** Half width, trimmed, inner spaces collapsed; null when nothing is left. */
    static String clean(String s) {
        String c = Text.collapseWhitespace(Text.toHalfWidth(s));
        return c == null || c.isEmpty() ? null : c;
    }

    /** Each field's position in {@code columns}, made once per sheet kind. */
    static Map<String, Integer> indexOf(List<SheetColumn> columns) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i).field(), i);
        }
        return Map.copyOf(m);
    }
}
