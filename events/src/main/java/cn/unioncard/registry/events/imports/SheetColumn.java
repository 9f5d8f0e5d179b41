package cn.unioncard.registry.events.imports;

/**
 * One column of an import template: the form field it fills, its Chinese header and English hint,
 * whether the form requires it, how clerks type it ({@link Kind}) and, for coded columns, the
 * {@code CodeTables} table its drop-down lists. The template, the import reader and the report all
 * take their columns from here, so the three never disagree.
 */
public record SheetColumn(String field, String header, String hint, boolean required, Kind kind, String codeTable,
                          int width, String example) {

    /** How a column is typed, which decides its cell format and drop-down. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** Digits that must never become a number (ID numbers, mobiles, phones, codes): text format. */
        DIGITS,
        /** A date {@code yyyy-MM-dd} (or as Excel/WPS store it), text format. */
        DATE,
        /** A year-month {@code yyyy-MM} (or 1990.1, 199001, 1990年1月 …), text format. */
        YEAR_MONTH,
        /** A date, or 长期 (ID expiry): a drop-down offering 长期 that also accepts a date. */
        DATE_OR_LONG_TERM,
        /** A year-month, or 未参加 (social insurance start): a drop-down offering 未参加 that accepts a month. */
        YEAR_MONTH_OR_NOT_INSURED,
        /** A code table entry: a drop-down of "code label" from {@link #codeTable()}. */
        CODE,
        /** 是 / 否 (also Y/N, 1/0, true/false). */
        YES_NO,
        /** A whole number, not negative. */
        COUNT
    }

    /** The header as printed in the template: required columns carry a leading {@code *}. */
    public String printedHeader() {
        return required ? "*" + header : header;
    }
}
