package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's fast line reader agrees with the JSON reader, and hands over what it does not know. */
class ExportLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_word_at_a_time_search_finds_what_a_byte_loop_finds() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) "ab\"\n\u0080\u00ff".charAt(random.nextInt(6));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            for (byte x : new byte[]{'"', '\n', (byte) 0x80, (byte) 0xff, 'z'}) {
                int expected = -1;
                for (int i = from; i < to && expected < 0; i++) {
                    expected = b[i] == x ? i : -1;
                }
                assertThat(ExportLine.indexOf(b, from, to, x)).isEqualTo(expected);
            }
        }
    }

    @Test
    void an_exported_line_reads_as_the_json_reader_reads_it() throws Exception {
        StoredEvent e = new StoredEvent(42, "e-1", null, "m-1", 3, "cn.x.MemberRegistered", "1.0",
                "2026-01-01T00:00:00.123456Z", new byte[]{0, 1, 2, (byte) 0xff}, null);
        String line = JSON.writeValueAsString(ChainExport.event(JSON, e, new byte[32]));
        byte[] bytes = ("xx" + line + "\n").getBytes(StandardCharsets.UTF_8);
        ExportLine.Parsed parsed = ExportLine.parse(bytes, 2, bytes.length - 1);
        assertThat(parsed).isNotNull();
        assertThat(parsed.event().chain(new byte[32])).isEqualTo(ChainExport.event(JSON.readTree(line))
                .chain(new byte[32])).isEqualTo(e.chain(new byte[32]));
        assertThat(parsed.seal()).isEqualTo(new byte[32]);
    }

    @Test
    void escapes_other_layouts_and_non_ascii_text_go_to_the_json_reader() throws Exception {
        StoredEvent e = new StoredEvent(42, "e-1", "Member", "陈", 3, "p", null, "t", new byte[]{1}, null);
        String line = JSON.writeValueAsString(ChainExport.event(JSON, e, null));
        for (String other : new String[]{line, line.replace("\"AQ==\"", "\"A\\u0051==\""),
                "{\"eventIdentifier\":\"e\",\"globalIndex\":1}", line.replace("\"globalIndex\":42", "\"globalIndex\":042")}) {
            byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
            assertThat(ExportLine.parse(bytes, 0, bytes.length)).as(other).isNull();
        }
    }
}
