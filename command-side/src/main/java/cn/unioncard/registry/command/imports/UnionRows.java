package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.union.UnionForm;

/** Reads a union sheet row's cells into a {@link UnionForm} (its parent and level set by the caller). STUB. */
final class UnionRows {

    private UnionRows() {
    }

    static ReadRow<UnionForm> read(SheetRow row) {
        throw new UnsupportedOperationException("stub");
    }
}
