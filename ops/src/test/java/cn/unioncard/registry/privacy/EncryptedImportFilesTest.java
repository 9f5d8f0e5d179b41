package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.imports.ImportFiles.Part;
import cn.unioncard.registry.testing.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An import's files round-trip whole, and any change to one (or its name) opens to nothing. */
class EncryptedImportFilesTest {

    private static final int SEGMENT = SegmentedGcm.SEGMENT;
    private static final int SEALED_SEGMENT = SEGMENT + 16;

    @TempDir
    Path data;

    private final MasterKey master = new MasterKey(Path.of("unused"), Base64.getEncoder().encodeToString(random(32)));
    private final String job = UUID.randomUUID().toString();

    private EncryptedImportFiles files() {
        return new EncryptedImportFiles(data.resolve("imports"), master);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 5 * 1024 * 1024})
    void a_file_of_any_length_reads_back_exactly_as_written(int length) throws IOException {
        byte[] content = random(length);
        write(Part.UPLOAD, content);

        try (InputStream in = files().open(job, Part.UPLOAD)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(files().exists(job, Part.UPLOAD)).isTrue();
        assertThat(files().exists(job, Part.REPORT)).isFalse();
    }

    @Test
    void the_file_on_disk_holds_none_of_its_plaintext_and_no_temporary_file_is_left() throws IOException {
        byte[] marker = "350203199001011234 张三丰 13959210001".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[3 * SEGMENT];
        for (int i = 0; i + marker.length <= content.length; i += marker.length) {
            System.arraycopy(marker, 0, content, i, marker.length);
        }
        write(Part.REPORT, content);

        byte[] disk = Files.readAllBytes(file(Part.REPORT));
        assertThat(Bytes.contains(disk, marker)).isFalse();
        assertThat(Bytes.contains(disk, Arrays.copyOf(marker, 8))).isFalse();
        try (var listing = Files.list(data.resolve("imports"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly(job + ".report");
        }
    }

    @Test
    void a_flipped_byte_anywhere_opens_to_an_io_exception() throws IOException {
        byte[] content = random(3 * SEGMENT + 100);
        write(Part.UPLOAD, content);
        byte[] good = Files.readAllBytes(file(Part.UPLOAD));
        for (int at : new int[] {3, 12, 40, good.length - 2 * SEALED_SEGMENT, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            Files.write(file(Part.UPLOAD), bad);
            assertThatThrownBy(() -> files().open(job, Part.UPLOAD)).as("byte %d flipped", at)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void a_truncated_file_fails_to_open_even_when_cut_at_a_segment_boundary() throws IOException {
        write(Part.UPLOAD, random(3 * SEGMENT + 100));
        byte[] good = Files.readAllBytes(file(Part.UPLOAD));
        int header = good.length - 3 * SEALED_SEGMENT - 116;
        for (int length : new int[] {header + 2 * SEALED_SEGMENT, header + SEALED_SEGMENT, good.length - 1, header,
                10}) {
            Files.write(file(Part.UPLOAD), Arrays.copyOf(good, length));
            assertThatThrownBy(() -> files().open(job, Part.UPLOAD)).as("cut at %d", length)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void swapped_segments_fail_to_open() throws IOException {
        write(Part.UPLOAD, random(3 * SEGMENT + 100));
        byte[] good = Files.readAllBytes(file(Part.UPLOAD));
        int first = good.length - 3 * SEALED_SEGMENT - 116;
        byte[] swapped = good.clone();
        System.arraycopy(good, first, swapped, first + SEALED_SEGMENT, SEALED_SEGMENT);
        System.arraycopy(good, first + SEALED_SEGMENT, swapped, first, SEALED_SEGMENT);
        Files.write(file(Part.UPLOAD), swapped);

        assertThatThrownBy(() -> files().open(job, Part.UPLOAD)).isInstanceOf(IOException.class);
    }

    @Test
    void a_file_moved_to_another_job_or_part_does_not_open() throws IOException {
        write(Part.UPLOAD, random(1000));
        String other = UUID.randomUUID().toString();
        Files.copy(file(Part.UPLOAD), data.resolve("imports").resolve(other + ".upload"));
        Files.copy(file(Part.UPLOAD), file(Part.REPORT));

        assertThatThrownBy(() -> files().open(other, Part.UPLOAD)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> files().open(job, Part.REPORT)).isInstanceOf(IOException.class);
    }

    @Test
    void a_missing_part_is_no_such_file_and_an_id_that_is_no_job_id_is_refused() {
        assertThatThrownBy(() -> files().open(job, Part.REPORT)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> files().open("../etc/passwd", Part.REPORT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_sweep_removes_every_part_of_jobs_older_than_the_cutoff_and_keeps_newer_ones() throws IOException {
        write(Part.UPLOAD, random(10));
        write(Part.REPORT, random(10));
        String recent = UUID.randomUUID().toString();
        try (OutputStream out = files().create(recent, Part.UPLOAD)) {
            out.write(1);
        }
        Instant now = Instant.now();
        Files.setLastModifiedTime(file(Part.UPLOAD), FileTime.from(now.minus(Duration.ofDays(8))));

        assertThat(files().deleteOlderThan(now.minus(Duration.ofDays(7)))).isEqualTo(1);

        assertThat(files().exists(job, Part.UPLOAD)).isFalse();
        assertThat(files().exists(job, Part.REPORT)).isFalse();
        assertThat(files().exists(recent, Part.UPLOAD)).isTrue();
        assertThat(files().deleteOlderThan(now.minus(Duration.ofDays(7)))).isZero();
    }

    @Test
    void a_file_the_registry_did_not_write_is_left_alone_and_does_not_stop_the_sweep() throws IOException {
        write(Part.UPLOAD, random(10));
        Path foreign = data.resolve("imports").resolve(".nfs000000000123");
        Files.write(foreign, new byte[] {1});
        Instant now = Instant.now();
        Files.setLastModifiedTime(file(Part.UPLOAD), FileTime.from(now.minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(foreign, FileTime.from(now.minus(Duration.ofDays(30))));

        assertThat(files().deleteOlderThan(now.minus(Duration.ofDays(7)))).isEqualTo(1);

        assertThat(files().exists(job, Part.UPLOAD)).isFalse();
        assertThat(foreign).exists();
    }

    private void write(Part part, byte[] content) throws IOException {
        try (OutputStream out = files().create(job, part)) {
            // In uneven pieces, as a writer hands them over.
            for (int i = 0; i < content.length; i += 7777) {
                out.write(content, i, Math.min(7777, content.length - i));
            }
        }
    }

    private Path file(Part part) {
        return data.resolve("imports").resolve(job + "." + part.name().toLowerCase());
    }

    private static byte[] random(int length) {
        byte[] b = new byte[length];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
