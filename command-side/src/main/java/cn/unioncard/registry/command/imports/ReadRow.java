package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.validation.Violation;

import java.util.List;

/**
 * A data row read into a form ({@code MemberForm} or {@code UnionForm}), with the problems found
 * in its cells before the form's own checks (digits lost to a number format, an unreadable date or
 * yes/no); {@code field} of each problem is the form field of the cell's column.
 */
record ReadRow<F>(SheetRow sheetRow, F form, List<Violation> cellProblems) {

    int row() {
        return sheetRow.row();
    }
}
