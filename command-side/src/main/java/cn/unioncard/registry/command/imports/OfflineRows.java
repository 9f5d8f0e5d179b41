package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The member lines of an offline report file (.das) as sheet rows of text cells, so that they go through
 * the import's own row checks, registration and report. The file was verified when it was uploaded.
 */
final class OfflineRows implements JobRun.Rows {

    private final List<DasMember> members;

    OfflineRows(List<DasMember> members) {
        this.members = members.stream().sorted(Comparator.comparingInt(DasMember::row)).toList();
    }

    /** Whether a stored upload is a .das file: a ZIP whose first entry is its manifest (an .xlsx never is). */
    static boolean isDas(byte[] head) {
        if (head.length < 30 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            return false;
        }
        int nameLength = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        byte[] name = DasFile.MANIFEST.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return nameLength == name.length && head.length >= 30 + name.length
                && java.util.Arrays.equals(head, 30, 30 + name.length, name, 0, name.length);
    }

    static OfflineRows read(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw StoredUpload.tooLarge(limit);
        }
        return new OfflineRows(DasFile.open(bytes).members());
    }

    @Override
    public int expectedRows() {
        return members.size();
    }

    @Override
    public void forEachRow(int afterRow, Consumer<SheetRow> action) {
        for (DasMember m : members) {
            if (m.row() <= afterRow) {
                continue;
            }
            List<SheetRow.Cell> cells = new ArrayList<>(MemberSheet.COLUMNS.size());
            for (SheetColumn c : MemberSheet.COLUMNS) {
                String text = m.cells().get(c.field());
                cells.add(text == null ? null : new SheetRow.Cell(SheetRow.Cell.Kind.TEXT, text, text));
            }
            action.accept(new SheetRow(m.row(), java.util.Collections.unmodifiableList(cells)));
        }
    }
}
