package cn.unioncard.registry.events.imports;

import java.util.List;

/** What a file imports: members of a grassroots union (附件1), or grassroots unions of a district (附件2). */
public enum ImportKind {
    MEMBERS(MemberSheet.SHEET, MemberSheet.COLUMNS),
    UNIONS(UnionSheet.SHEET, UnionSheet.COLUMNS);

    private final String sheet;
    private final List<SheetColumn> columns;

    ImportKind(String sheet, List<SheetColumn> columns) {
        this.sheet = sheet;
        this.columns = columns;
    }

    /** The name of the sheet the template fills in (a file whose first sheet is named otherwise is read too). */
    public String sheet() {
        return sheet;
    }

    public List<SheetColumn> columns() {
        return columns;
    }
}
