package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.imports.SheetRow.Cell;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.validation.Text;
import cn.unioncard.registry.events.validation.Violations;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches a sheet's header row to the template's columns, so a clerk's re-ordered, re-typed or
 * re-saved template is still read by column name, never by position.
 *
 * <p>A header cell names a column by its Chinese header, its English hint or its field name, compared
 * without a leading {@code *}/{@code ＊}/{@code ﹡}, whitespace and line breaks, in half width and
 * ignoring case. The rule for the rest: an empty header cell is ignored; a header cell that names no
 * column is refused when it stands left of the last recognised column, and ignored (with its data)
 * when it stands right of it, so the report's 导入结果/错误信息 columns and a clerk's note column
 * pass; a column named twice and a missing required column are refused. All refusals are listed at
 * once ({@code header.missing} with the column's field, {@code header.unknown} and
 * {@code header.duplicate} with field {@code header}). A first row that names no column at all is not
 * quoted back (it may be a person's data): {@code header.not-found}.
 */
final class SheetHeader {

    private static final int QUOTED = 30;

    private SheetHeader() {
    }

    /** For each sheet column (0-based), the index of its template column, or -1 when it is not read. */
    static int[] match(ImportKind kind, int row, int[] columns, Cell[] cells, int count) {
        Map<String, Integer> names = names(kind.columns());
        int[] template = new int[count];
        int last = -1;
        for (int i = 0; i < count; i++) {
            template[i] = names.getOrDefault(key(cells[i].shown()), -1);
            if (template[i] >= 0) {
                last = Math.max(last, columns[i]);
            }
        }
        Violations v = new Violations();
        if (last < 0) {
            v.error("header", "header.not-found", "第" + row + "行不是导入模板的表头：请使用下载的模板填写",
                    "row " + row + " is not the template's header row: fill in the downloaded template").throwIfAny();
        }
        int width = Arrays.stream(columns, 0, count).max().orElse(0) + 1;
        int[] map = new int[width];
        Arrays.fill(map, -1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String letter = SheetXml.letters(columns[i]);
            String quoted = quote(cells[i].shown());
            if (template[i] < 0 && columns[i] < last) {
                v.error("header", "header.unknown", "第" + letter + "列的表头“" + quoted + "”不是模板中的列",
                        "column " + letter + " (" + quoted + ") is not a template column");
            } else if (template[i] >= 0 && !seen.add(template[i])) {
                v.error("header", "header.duplicate", "第" + letter + "列“" + quoted + "”与前面的列重复",
                        "column " + letter + " (" + quoted + ") appears twice");
            } else if (template[i] >= 0) {
                map[columns[i]] = template[i];
            }
        }
        List<SheetColumn> all = kind.columns();
        for (int t = 0; t < all.size(); t++) {
            SheetColumn c = all.get(t);
            if (c.required() && !seen.contains(t)) {
                v.error(c.field(), "header.missing", "缺少必填列“" + c.header() + "”",
                        "the required column " + c.header() + " (" + c.hint() + ") is missing");
            }
        }
        v.throwIfAny();
        return map;
    }

    /** The comparable form of a header, hint or cell: half width, no whitespace or star, lower case. */
    static String key(String s) {
        if (s == null) {
            return "";
        }
        String h = Text.toHalfWidth(s).replace('（', '(').replace('）', ')');
        StringBuilder out = new StringBuilder(h.length());
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)
                    && !(out.isEmpty() && (c == '*' || c == '＊' || c == '﹡'))) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Integer> names(List<SheetColumn> columns) {
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> hints = new HashMap<>();
        for (int t = 0; t < columns.size(); t++) {
            SheetColumn c = columns.get(t);
            byName.put(key(c.field()), t);
            byName.put(key(c.header() + c.hint()), t);
            byName.put(key(c.header() + "(" + c.hint() + ")"), t);
            hints.merge(key(c.hint()), t, (a, b) -> -1); // two columns share a hint: it names neither
        }
        hints.forEach((hint, t) -> {
            if (t >= 0) {
                byName.putIfAbsent(hint, t);
            }
        });
        for (int t = 0; t < columns.size(); t++) {
            byName.put(key(columns.get(t).header()), t); // the Chinese header wins any clash
        }
        return byName;
    }

    private static String quote(String s) {
        String c = Text.collapseWhitespace(s);
        return c.length() <= QUOTED ? c : c.substring(0, QUOTED) + "…";
    }
}
