package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.imports.SheetRow.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * A SAX handler over one sheet's XML that hands each row on as (column, {@link Cell}) pairs with the
 * raw value the file stores (POI's own {@code XSSFSheetXMLHandler} gives only the formatted text, which
 * has already lost an ID number's digits). A formula cell yields its cached value.
 */
final class SheetXml extends DefaultHandler {

    /** Receives each row that holds at least one cell with a value. */
    interface Rows {
        /** {@code columns[i]} (0-based) holds {@code cells[i]}; {@code count} pairs are valid. */
        void row(int row, int[] columns, Cell[] cells, int count);
    }

    /** Excel's own bounds: a file beyond them was not saved by Excel, WPS or LibreOffice. */
    static final int MAX_ROW = 1_048_576;
    static final int MAX_COLUMN = 16_383;
    static final int MAX_CELL_TEXT = 32_767;

    private final java.util.List<String> strings;
    private final StylesTable styles;
    private final boolean date1904;
    private final Rows rows;
    private final DataFormatter formatter = new DataFormatter();
    private final Map<Integer, Format> formats = new HashMap<>();
    private final StringBuilder value = new StringBuilder();

    private int row;
    private int column;
    private String type;
    private int style;
    private boolean inValue;
    private boolean inInline;
    private boolean inPhonetic;
    private boolean formula;
    private int count;
    private int[] columns = new int[64];
    private Cell[] cells = new Cell[64];

    SheetXml(java.util.List<String> strings, StylesTable styles, boolean date1904, Rows rows) {
        this.strings = strings;
        this.styles = styles;
        this.date1904 = date1904;
        this.rows = rows;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        switch (SaxReaders.local(qName)) {
            case "row" -> {
                String r = attributes.getValue("r");
                int next = r == null ? row + 1 : attributeNumber(r);
                if (next <= row || next > MAX_ROW) {
                    throw new SAXException("rows out of order or beyond the sheet"); // a damaged file
                }
                row = next;
                column = -1;
                count = 0;
            }
            case "c" -> {
                String ref = attributes.getValue("r");
                int next = ref == null ? column + 1 : columnOf(ref);
                if (next <= column || next > MAX_COLUMN) {
                    throw new SAXException("cells out of order or beyond the sheet"); // a damaged file
                }
                column = next;
                type = attributes.getValue("t");
                String s = attributes.getValue("s");
                style = s == null ? 0 : attributeNumber(s);
                formula = false;
                value.setLength(0);
            }
            // An inline string's text is its <is>; a <v> beside it (POI leaves one when it edits such a
            // cell) is not what Excel or POI shows. Every other cell's value is its <v>.
            case "v" -> inValue = !"inlineStr".equals(type);
            case "is" -> inInline = true;
            case "t" -> inValue = inInline;
            case "rPh" -> inPhonetic = true;
            case "f" -> formula = true;
            default -> {
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        switch (SaxReaders.local(qName)) {
            case "v", "t" -> inValue = false;
            case "is" -> inInline = false;
            case "rPh" -> inPhonetic = false;
            case "c" -> {
                try {
                    add(cell());
                } catch (NumberFormatException | IndexOutOfBoundsException | java.time.DateTimeException e) {
                    throw new SAXException("a cell's value does not fit its type"); // a damaged file
                }
            }
            case "row" -> {
                if (count > 0) {
                    rows.row(row, columns, cells, count);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (inValue && !inPhonetic) {
            if (value.length() + length > MAX_CELL_TEXT) {
                throw new SAXException(FileRefusal.TOO_LARGE.problem()); // longer than Excel allows: never read whole
            }
            value.append(ch, start, length);
        }
    }

    private static int attributeNumber(String attribute) throws SAXException {
        try {
            return Integer.parseInt(attribute);
        } catch (NumberFormatException e) {
            throw new SAXException("a row or style number is not a number"); // a damaged file
        }
    }

    private void add(Cell cell) {
        if (cell == null) {
            return;
        }
        if (count == columns.length) {
            columns = java.util.Arrays.copyOf(columns, count * 2);
            cells = java.util.Arrays.copyOf(cells, count * 2);
        }
        columns[count] = column;
        cells[count++] = cell;
    }

    private Cell cell() {
        String raw = value.toString();
        if (type == null || type.equals("n")) {
            return raw.isBlank() ? (formula ? new Cell(Cell.Kind.FORMULA, null, null) : null) : number(raw.trim());
        }
        return switch (type) {
            case "s" -> raw.isBlank() ? null : text(strings.get(Integer.parseInt(raw.trim())));
            case "inlineStr", "str" -> text(raw);
            case "b" -> raw.isBlank() ? null
                    : new Cell(Cell.Kind.BOOLEAN, raw.trim(), raw.trim().equals("1") ? "TRUE" : "FALSE");
            case "e" -> new Cell(Cell.Kind.ERROR, raw.trim(), raw.trim());
            case "d" -> raw.isBlank() ? null : isoDate(raw.trim());
            default -> text(raw);
        };
    }

    private static Cell text(String s) {
        return s == null || s.isBlank() ? null : new Cell(Cell.Kind.TEXT, s, s);
    }

    private Cell number(String raw) {
        Format f = formats.computeIfAbsent(style, this::format);
        double d;
        try {
            d = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return text(raw);
        }
        if (!Double.isFinite(d)) {
            throw new NumberFormatException("not a number Excel can store"); // a damaged file
        }
        if (raw.length() > 24) {
            raw = java.math.BigDecimal.valueOf(d).toString(); // Excel writes at most 17 digits: no 10^9-digit forms
        }
        String shown = formatter.formatRawCellContents(d, f.index, f.pattern, date1904);
        boolean date = f.date && DateUtil.getLocalDateTime(d, date1904) != null; // a negative "date" is a number
        if (date && date1904) {
            raw = Double.toString(DateUtil.getExcelDate(DateUtil.getLocalDateTime(d, true), false)); // 1900 system
        }
        return new Cell(date ? Cell.Kind.DATE : Cell.Kind.NUMBER, raw, shown);
    }

    private Cell isoDate(String iso) {
        LocalDateTime t = iso.length() <= 10 ? java.time.LocalDate.parse(iso).atStartOfDay() : LocalDateTime.parse(iso);
        double serial = DateUtil.getExcelDate(t, false);
        return new Cell(Cell.Kind.DATE, Double.toString(serial), iso);
    }

    private Format format(int styleIndex) {
        if (styles == null || styleIndex >= styles.getNumCellStyles()) {
            return Format.GENERAL;
        }
        XSSFCellStyle s = styles.getStyleAt(styleIndex);
        if (s == null) {
            return Format.GENERAL;
        }
        int index = s.getDataFormat();
        String pattern = s.getDataFormatString();
        if (pattern == null) {
            return Format.GENERAL;
        }
        return new Format(index, pattern, DateUtil.isADateFormat(index, pattern));
    }

    /** "AB12" → 27 (0-based); {@link Integer#MAX_VALUE} for a reference Excel would not write (over 3 letters, none). */
    static int columnOf(String ref) {
        int c = 0;
        int i = 0;
        for (; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch < 'A' || ch > 'Z') {
                break;
            }
            c = c * 26 + (ch - 'A' + 1);
        }
        return i == 0 || i > 3 ? Integer.MAX_VALUE : c - 1;
    }

    /** "A", "B" … for column index 0, 1 … (for messages naming a column). */
    static String letters(int column) {
        StringBuilder s = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            s.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return s.toString();
    }

    private record Format(int index, String pattern, boolean date) {
        static final Format GENERAL = new Format(0, "General", false);
    }
}
