package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.imports.PlainSheet;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Text;
import cn.unioncard.registry.events.validation.Violations;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bank's return of issued cards as uploaded (.xlsx, or .csv in UTF-8 with or without BOM, or GB18030
 * as Excel saves it on a Chinese Windows): the header row names the columns, each later non-empty row is
 * one card. Refusals name the header or the file's fault, never a cell.
 */
final class BankReturn {

    /** One row as the bank wrote it, numbered as the file shows it (the header being row 1 of a CSV). */
    record Line(int row, String idNumber, String name, String cardNumber, String cardType) {
    }

    /** The headers to look for (the caller's, else the usual ones). */
    record Headers(List<String> idNumber, List<String> name, List<String> cardNumber, List<String> cardType) {

        static Headers of(String idNumber, String name, String cardNumber, String cardType) {
            return new Headers(or(idNumber, "身份证号码", "身份证号", "证件号码"), or(name, "姓名"),
                    or(cardNumber, "卡号", "银行卡号"), or(cardType, "卡类型", "办卡类型"));
        }

        private static List<String> or(String given, String... usual) {
            return given == null || given.isBlank() ? List.of(usual) : List.of(given);
        }
    }

    /** How many opening rows may stand above the header (a title, a date, the bank's name). */
    private static final int HEADER_SEARCH = 10;

    private BankReturn() {
    }

    /** The file's data rows ({@code source}: xlsx or csv); refuses more than {@code maxRows}. */
    static List<Line> read(InputStream file, Headers headers, int maxRows, String[] source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(file);
        List<PlainSheet.Row> rows;
        try {
            if (PlainSheet.looksLikeXlsx(in)) {
                source[0] = "xlsx";
                rows = PlainSheet.read(in, maxRows + 1);
            } else {
                source[0] = "csv";
                rows = csv(in.readAllBytes(), maxRows + 1);
            }
        } catch (PlainSheet.TooManyRows e) {
            throw tooMany(maxRows);
        }
        if (rows.isEmpty()) {
            throw new RegistryProblem(RegistryProblem.Kind.UNREADABLE_FILE, "文件是空的：没有表头行", "the file is empty: it has no header row");
        }
        int at = headerRow(rows, headers);
        PlainSheet.Row header = rows.get(at);
        Violations v = new Violations();
        int id = column(v, header, headers.idNumber(), "idNumberHeader");
        int name = column(v, header, headers.name(), "nameHeader");
        int card = column(v, header, headers.cardNumber(), "cardNumberHeader");
        int type = find(header, headers.cardType());
        v.throwIfAny();
        List<Line> lines = new ArrayList<>();
        for (PlainSheet.Row r : rows.subList(at + 1, rows.size())) {
            if (r.cells().stream().allMatch(c -> c == null || c.isBlank())) {
                continue;
            }
            if (lines.size() == maxRows) {
                throw tooMany(maxRows);
            }
            lines.add(new Line(r.row(), r.cell(id), r.cell(name), r.cell(card), type < 0 ? null : r.cell(type)));
        }
        if (lines.isEmpty()) {
            new Violations().error("rows", "card.no-rows", "文件中除表头外没有数据行", "the file has no rows below the header")
                    .throwIfAny();
        }
        return lines;
    }

    /**
     * The first of the opening rows that names all three required columns (a bank's sheet may have a title
     * above it); when none does, the first row, whose missing columns are then named.
     */
    private static int headerRow(List<PlainSheet.Row> rows, Headers headers) {
        for (int i = 0; i < Math.min(rows.size(), HEADER_SEARCH); i++) {
            PlainSheet.Row r = rows.get(i);
            if (find(r, headers.idNumber()) >= 0 && find(r, headers.name()) >= 0 && find(r, headers.cardNumber()) >= 0) {
                return i;
            }
        }
        return 0;
    }

    static RuntimeException tooMany(int maxRows) {
        Violations v = new Violations().error("rows", "card.too-many-rows", "一次最多登记 " + maxRows + " 张卡，请拆分文件",
                "at most " + maxRows + " cards at once: split the file");
        return new cn.unioncard.registry.events.validation.InvalidInputException(v.errors());
    }

    private static int column(Violations v, PlainSheet.Row header, List<String> names, String field) {
        int found = find(header, names);
        if (found < 0) {
            v.error(field, "header.missing", "表头中没有“" + String.join("”或“", names) + "”列",
                    "the header has no column " + String.join(" or ", names));
        }
        return found;
    }

    private static int find(PlainSheet.Row header, List<String> names) {
        for (String name : names) {
            for (int i = 0; i < header.cells().size(); i++) {
                if (key(name).equals(key(header.cell(i)))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A header as compared: half width, no whitespace, no leading star, lower case. */
    private static String key(String s) {
        if (s == null) {
            return "";
        }
        String k = Text.toHalfWidth(s).replaceAll("[\\s\\u3000\\uFEFF]", "");
        return (k.startsWith("*") ? k.substring(1) : k).toLowerCase(Locale.ROOT);
    }

    /** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); record 1 is the header. */
    private static List<PlainSheet.Row> csv(byte[] bytes, int maxRows) {
        String text = decode(bytes);
        List<PlainSheet.Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int record = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                add(rows, record++, fields, maxRows);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            add(rows, record, fields, maxRows);
        }
        return rows;
    }

    private static void add(List<PlainSheet.Row> rows, int record, List<String> fields, int maxRows) {
        if (fields.stream().allMatch(String::isBlank)) {
            return;
        }
        if (rows.size() > maxRows) {
            throw new PlainSheet.TooManyRows();
        }
        rows.add(new PlainSheet.Row(record, List.copyOf(fields)));
    }

    /** UTF-8 (a BOM dropped) when the bytes are UTF-8, else GB18030; binary content is not a CSV. */
    private static String decode(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw notCsv();
            }
        }
        try {
            String s = strict(StandardCharsets.UTF_8, bytes);
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException notUtf8) {
            try {
                return strict(Charset.forName("GB18030"), bytes);
            } catch (CharacterCodingException e) {
                throw notCsv();
            }
        }
    }

    private static String strict(Charset charset, byte[] bytes) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static RegistryProblem notCsv() {
        return new RegistryProblem(RegistryProblem.Kind.UNREADABLE_FILE, "不是 .xlsx 或 .csv 文件：请上传银行返回的发卡明细表",
                "not an .xlsx or .csv file: upload the bank's list of issued cards");
    }
}
