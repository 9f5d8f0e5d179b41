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

    /** True when every cell could be read (the form's own checks may still fail). */
    boolean readable() {
        return cellProblems.isEmpty();
    }

    /**
     * The row's problems: the cells' own, then the form's checks except those on a field whose cell
     * already has a problem (its field was left null, so "required" would only repeat it).
     */
    List<Violation> problems(List<Violation> formViolations) {
        java.util.Set<String> fields = new java.util.HashSet<>();
        cellProblems.forEach(p -> fields.add(p.field()));
        List<Violation> all = new java.util.ArrayList<>(cellProblems);
        formViolations.stream().filter(v -> !fields.contains(v.field())).forEach(all::add);
        return List.copyOf(all);
    }
}
