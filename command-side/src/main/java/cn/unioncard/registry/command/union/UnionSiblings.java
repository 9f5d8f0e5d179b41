package cn.unioncard.registry.command.union;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.validation.Violation;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The grassroots unions a district has, and those an import is adding, by what makes a row "the same
 * union": its name (compatibility-normalised, spaces ignored) or either credit code, which names one legal
 * entity nationwide. The typed path enforces neither (two unions may share a name); an import needs them
 * so that a file imported twice registers nobody twice.
 */
final class UnionSiblings {

    /** A union a row may repeat: registered before ({@code row} 0) or by an earlier row of this import. */
    private record Known(String unionId, String systemCode, int row) {
    }

    private final Map<String, Known> byName = new HashMap<>();
    private final Map<String, Known> byCreditCode = new HashMap<>();

    private UnionSiblings() {
    }

    /** The district's grassroots unions, each profile read from its aggregate. */
    static UnionSiblings of(List<UnionTree.Node> children, Function<String, UnionProfile> profiles) {
        UnionSiblings s = new UnionSiblings();
        for (UnionTree.Node child : children) {
            s.put(profiles.apply(child.unionId()), new Known(child.unionId(), child.systemCode(), 0));
        }
        return s;
    }

    /** A union an earlier row of this chunk will become. */
    void add(int row, String unionId, UnionProfile profile) {
        put(profile, new Known(unionId, null, row));
    }

    private void put(UnionProfile p, Known known) {
        if (p == null) {
            return;
        }
        byName.putIfAbsent(key(p.name()), known);
        for (String code : new String[] {p.unionCreditCode(), p.employerCreditCode()}) {
            if (code != null) {
                byCreditCode.putIfAbsent(code, known);
            }
        }
    }

    /** The row's outcome if it repeats a known union (by name first), else null. */
    ImportedRow duplicateOf(int row, UnionProfile p) {
        Known known = byName.get(key(p.name()));
        if (known != null) {
            return duplicate(row, known, "name", "工会名称", "name");
        }
        for (String field : new String[] {"unionCreditCode", "employerCreditCode"}) {
            String code = field.equals("unionCreditCode") ? p.unionCreditCode() : p.employerCreditCode();
            known = code == null ? null : byCreditCode.get(code);
            if (known != null) {
                return duplicate(row, known, field, "统一社会信用代码", "unified social credit code");
            }
        }
        return null;
    }

    private static ImportedRow duplicate(int row, Known known, String field, String zhWhat, String enWhat) {
        Violation why = known.row() > 0
                ? Violation.warning(field, "import.same-union-in-file", "与第 " + known.row() + " 行" + zhWhat
                + "相同，未重复导入", "same " + enWhat + " as row " + known.row() + "; not imported again")
                : Violation.warning(field, "import.union-already-registered", "本区已登记" + zhWhat
                + "相同的基层工会（系统编码 " + known.systemCode() + "），未重复导入", "a grassroots union with the same "
                + enWhat + " is already registered in this district (system code " + known.systemCode()
                + "); not imported again");
        return new ImportedRow(row, RowResult.DUPLICATE, known.unionId(), List.of(why));
    }

    private static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
