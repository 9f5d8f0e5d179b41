package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.validation.Violation;

import java.util.List;

/**
 * The outcome of one sheet row ({@code row} as Excel numbers it): the member or union it became or
 * duplicates ({@code entityId}, null when rejected) and the problems found, each naming the form
 * field whose column holds the cell. Violations never quote the input.
 */
@NotPersonal("a row number, a result, an id and messages that never quote the input")
public record ImportedRow(int row, RowResult result, String entityId, List<Violation> problems) {

    public ImportedRow {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
