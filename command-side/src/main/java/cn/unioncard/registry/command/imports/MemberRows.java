package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.member.MemberForm;

/** Reads a member sheet row's cells into a {@link MemberForm} as clerks fill them. STUB: the reader helper fills it. */
final class MemberRows {

    private MemberRows() {
    }

    static ReadRow<MemberForm> read(SheetRow row) {
        throw new UnsupportedOperationException("stub");
    }
}
