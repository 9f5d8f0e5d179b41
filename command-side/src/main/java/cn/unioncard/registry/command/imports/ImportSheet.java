package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;

import java.io.InputStream;
import java.util.function.Consumer;

/**
 * An uploaded .xlsx opened for streaming (never whole in the heap). Opening refuses, with a 400
 * problem naming the cause, anything that is not an .xlsx of this kind: an old .xls, a CSV, a
 * password-protected workbook, a zip bomb, a header that lacks required columns or has unknown ones.
 * STUB: the reader helper replaces every body.
 */
final class ImportSheet implements AutoCloseable {

    private ImportSheet() {
    }

    /** Opens and checks the file (type, encryption, limits, header). */
    static ImportSheet open(InputStream file, ImportKind kind) {
        throw new UnsupportedOperationException("stub");
    }

    /** How many data rows the sheet holds (not the header, the hint row, the example row or empty rows). */
    int countRows() {
        throw new UnsupportedOperationException("stub");
    }

    /** Streams the data rows after sheet row {@code afterRow} (0 = from the first), in order. */
    void forEachRow(int afterRow, Consumer<SheetRow> action) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void close() {
    }
}
