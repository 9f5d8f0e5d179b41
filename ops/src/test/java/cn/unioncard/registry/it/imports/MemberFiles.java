package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.testing.MemberData;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Member import files of numbered people, as a clerk fills the template. */
final class MemberFiles {

    private MemberFiles() {
    }

    /** The people {@code from} .. {@code from + count - 1} of {@link MemberData#numbered}. */
    static byte[] numbered(int from, int count) {
        try {
            return MemberWorkbooks.bytes(count, n -> MemberData.numbered(from + n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
