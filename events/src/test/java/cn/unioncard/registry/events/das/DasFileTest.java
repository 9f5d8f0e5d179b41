package cn.unioncard.registry.events.das;

import cn.unioncard.registry.testing.ZipEntries;
import cn.unioncard.registry.events.validation.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The .das format without a server: what is written reads back, and each kind of damage has its own code. */
class DasFileTest {

    private final KeyPair key = OfflineKeys.generate();

    private byte[] file(int members) throws IOException {
        List<DasMember> rows = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            rows.add(new DasMember(i + 2, LocalDate.of(2026, 11, 30), Map.of("name", "张" + i, "idNumber", "1101" + i)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DasFile.write(out, "0100001", Instant.parse("2026-12-01T08:00:00Z"), "k1", key.getPrivate(), rows);
        return out.toByteArray();
    }

    private static String refusal(byte[] bytes, KeyPair verifyWith) {
        try {
            DasFile das = DasFile.open(bytes);
            das.verify(verifyWith.getPublic());
            das.members();
            return "accepted";
        } catch (InvalidInputException e) {
            return e.violations().get(0).code();
        }
    }

    @Test
    void a_written_file_reads_back_with_its_members_in_order_and_a_manifest_naming_union_key_and_count()
            throws IOException {
        DasFile das = DasFile.open(file(3));
        das.verify(key.getPublic());
        assertThat(das.manifest().unionSystemCode()).isEqualTo("0100001");
        assertThat(das.manifest().keyId()).isEqualTo("k1");
        assertThat(das.manifest().memberCount()).isEqualTo(3);
        assertThat(das.members()).extracting(DasMember::row).containsExactly(2, 3, 4);
        assertThat(das.members().get(1).cells()).containsEntry("name", "张1");
        assertThat(das.members().get(0).authorisedOn()).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void the_manifest_is_written_in_its_documented_key_order() throws IOException {
        String manifest = new String(ZipEntries.read(file(1)).get(DasFile.MANIFEST), StandardCharsets.UTF_8);
        assertThat(manifest).startsWith("{\"formatVersion\":1,\"unionSystemCode\":\"0100001\",\"createdAt\":")
                .contains("\"memberCount\":1,\"payloadSha256\":\"").endsWith("\"keyId\":\"k1\"}");
    }

    @Test
    void each_kind_of_damage_is_refused_with_its_own_code() throws IOException {
        byte[] good = file(2);
        assertThat(refusal(good, key)).isEqualTo("accepted");
        assertThat(refusal("not a zip".getBytes(StandardCharsets.UTF_8), key)).isEqualTo("das.not-zip");
        assertThat(refusal(Arrays.copyOf(good, good.length - 1), key)).isEqualTo("das.not-zip");
        assertThat(refusal(good, OfflineKeys.generate())).isEqualTo("das.signature");

        Map<String, byte[]> slip = ZipEntries.read(good);
        slip.put("/etc/passwd", new byte[1]);
        assertThat(refusal(ZipEntries.write(slip), key)).isEqualTo("das.entry-name");

        Map<String, byte[]> missing = ZipEntries.read(good);
        missing.remove(DasFile.SIGNATURE);
        assertThat(refusal(ZipEntries.write(missing), key)).isEqualTo("das.missing-entry");

        Map<String, byte[]> payload = ZipEntries.read(good);
        payload.get(DasFile.MEMBERS)[5] ^= 1;
        assertThat(refusal(ZipEntries.write(payload), key)).isEqualTo("das.payload-hash");

        Map<String, byte[]> manifest = ZipEntries.read(good);
        manifest.put(DasFile.MANIFEST, new String(manifest.get(DasFile.MANIFEST), StandardCharsets.UTF_8)
                .replace("\"memberCount\":2", "\"memberCount\":3").getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(ZipEntries.write(manifest), key)).isEqualTo("das.signature");

        Map<String, byte[]> version = ZipEntries.read(good);
        version.put(DasFile.MANIFEST, new String(version.get(DasFile.MANIFEST), StandardCharsets.UTF_8)
                .replace("\"formatVersion\":1", "\"formatVersion\":9").getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(ZipEntries.write(version), key)).isEqualTo("das.format-version");

        Map<String, byte[]> bomb = ZipEntries.read(good);
        bomb.put(DasFile.SIGNATURE, new byte[(int) DasFile.MAX_SMALL_ENTRY_BYTES + 1]);
        assertThat(refusal(ZipEntries.write(bomb), key)).isEqualTo("das.too-large");
    }

    @Test
    void an_entry_repeated_under_the_same_name_is_refused() throws IOException {
        Map<String, byte[]> e = ZipEntries.read(file(1));
        e.put("signaturX", e.get(DasFile.SIGNATURE));
        // The JDK will not write one name twice: write another name and patch it in the headers.
        byte[] twice = new String(ZipEntries.write(e), StandardCharsets.ISO_8859_1).replace("signaturX", DasFile.SIGNATURE)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(refusal(twice, key)).isEqualTo("das.duplicate-entry");
    }

    @Test
    void a_rezipped_file_has_another_file_hash_but_the_same_manifest_hash_and_still_verifies() throws IOException {
        byte[] original = file(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("re-zipped");
            zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            for (Map.Entry<String, byte[]> e : ZipEntries.read(original).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0L);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        byte[] rezipped = out.toByteArray();

        assertThat(DasFile.sha256(rezipped)).isNotEqualTo(DasFile.sha256(original));
        assertThat(refusal(rezipped, key)).isEqualTo("accepted");
        assertThat(DasFile.open(rezipped).manifestSha256()).isEqualTo(DasFile.open(original).manifestSha256())
                .isEqualTo(DasFile.sha256(ZipEntries.read(original).get(DasFile.MANIFEST)));
    }

    @Test
    void a_member_without_an_authorisation_date_is_written_as_null_and_read_back_without_one() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DasFile.write(out, "0100001", Instant.parse("2026-12-01T08:00:00Z"), "k1", key.getPrivate(),
                List.of(new DasMember(2, null, Map.of("name", "张三"))));
        byte[] bytes = out.toByteArray();
        assertThat(new String(ZipEntries.read(bytes).get(DasFile.MEMBERS), StandardCharsets.UTF_8))
                .contains("\"authorisedOn\":null");
        assertThat(DasFile.open(bytes).members().get(0).authorisedOn()).isNull();
    }


}
