package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's gap lines: read in place by the offline reader (version 2), not asked of a version 1 file. */
class ExportGapsTest {

    private final ObjectMapper json = new ObjectMapper();

    private Path file(Path dir, String format, String... lines) throws Exception {
        List<String> all = new ArrayList<>();
        all.add(ChainExport.header(json, 1, 4, StoredEvent.genesis()).put("format", format).toString());
        all.addAll(List.of(lines));
        return Files.write(dir.resolve(format + ".ndjson"), all, StandardCharsets.UTF_8);
    }

    private String event(long index) {
        StoredEvent e = new StoredEvent(index, "evt-" + index, "Member", "m-" + index, 0, "x.Y", null,
                "2026-01-01T00:00:00Z", "{}".getBytes(StandardCharsets.UTF_8), null);
        return ChainExport.event(json, e, new byte[32]).toString();
    }

    @Test
    void a_version_2_export_lists_its_recorded_gaps_where_they_stand() throws Exception {
        Path f = file(dir, ChainExport.FORMAT, event(1), ChainExport.gap(json, 2).toString(),
                ChainExport.gap(json, 3).toString(), event(4));
        List<Long> events = new ArrayList<>();
        try (ExportReader reader = new ExportReader(json, f)) {
            reader.read(new ChainFeed.Sink() {
                @Override
                public boolean event(StoredEvent e) {
                    events.add(e.globalIndex());
                    return true;
                }

                @Override
                public boolean seal(Seal s) {
                    return true;
                }
            });
            assertThat(events).containsExactly(1L, 4L);
            assertThat(reader.recordedGaps()).isNotNull();
            assertThat(reader.recordedGaps().test(2)).isTrue();
            assertThat(reader.recordedGaps().test(3)).isTrue();
            assertThat(reader.recordedGaps().test(4)).isFalse();
        }
    }

    @Test
    void a_version_1_export_is_read_without_the_gap_check() throws Exception {
        try (ExportReader reader = new ExportReader(json, file(dir, ChainExport.FORMAT_WITHOUT_GAPS, event(1)))) {
            assertThat(reader.recordedGaps()).isNull();
        }
    }

    @TempDir
    Path dir;
}
