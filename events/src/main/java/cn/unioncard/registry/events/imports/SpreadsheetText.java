package cn.unioncard.registry.events.imports;

/**
 * Text the registry writes into a spreadsheet cell. A value that begins like a formula
 * ({@code = + - @}, tab, carriage return) could run when a clerk edits or re-saves the file
 * (formula injection, OWASP "CSV injection"). In an .xlsx such a value goes into a string cell
 * whose style is quote-prefixed (Excel's own leading-apostrophe marker, not shown in the cell);
 * in plain text it gets a leading apostrophe.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /** Whether the value could be read as a formula and so must be written quote-prefixed. */
    public static boolean looksLikeFormula(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** For plain-text exports: the value with a leading apostrophe when it could be read as a formula. */
    public static String neutralise(String value) {
        return looksLikeFormula(value) ? "'" + value : value;
    }
}
