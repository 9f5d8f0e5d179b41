package cn.unioncard.registry.events.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of a batch: SHA-256 over its union and its members' ids and versions, in member
 * id order, so the same submission always hashes the same and the printed list can name it.
 */
public final class BatchContent {

    private BatchContent() {
    }

    public static String hash(String unionId, List<BatchMember> members) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        sha.update(("batch/1\n" + unionId + "\n").getBytes(StandardCharsets.UTF_8));
        members.stream().sorted(Comparator.comparing(BatchMember::memberId)).forEach(m ->
                sha.update((m.memberId() + ":" + m.version() + ":" + (m.debitCredit() ? "2" : "1") + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }
}
