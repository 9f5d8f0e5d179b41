package cn.unioncard.registry.it;

import cn.unioncard.registry.testing.Bytes;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The byte scan of the whole database for secrets in clear, shared by the erasure and card tests. */
public final class StoredText {

    private StoredText() {
    }

    /**
     * Every column of every table in the registry's schema, read as its stored bytes (bytea) or
     * text, searched for each secret as UTF-8, UTF-16 (both byte orders), JSON \\u escapes and
     * base64 of UTF-8. Answers "table.column" for each hit.
     */
    public static List<String> scan(JdbcTemplate jdbc, List<String> secrets) {
        List<String> tables = jdbc.queryForList("select table_name from information_schema.tables "
                + "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name", String.class);
        List<byte[][]> needles = secrets.stream().map(StoredText::encodings).toList();
        List<String> hits = new ArrayList<>();
        for (String table : tables) {
            jdbc.query("select * from \"" + table + "\"", rs -> {
                var meta = rs.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    Object value = rs.getObject(c);
                    if (value == null) {
                        continue;
                    }
                    byte[] bytes = value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
                    for (byte[][] forms : needles) {
                        for (byte[] needle : forms) {
                            if (Bytes.contains(bytes, needle)) {
                                hits.add(table + "." + meta.getColumnName(c));
                            }
                        }
                    }
                }
            });
        }
        return hits;
    }

    private static byte[][] encodings(String s) {
        StringBuilder escaped = new StringBuilder();
        s.chars().forEach(ch -> escaped.append(ch < 128 ? String.valueOf((char) ch) : String.format("\\u%04x", ch)));
        return new byte[][] {
                s.getBytes(StandardCharsets.UTF_8),
                s.getBytes(StandardCharsets.UTF_16BE),
                s.getBytes(StandardCharsets.UTF_16LE),
                escaped.toString().getBytes(StandardCharsets.US_ASCII),
                escaped.toString().toUpperCase().replace("\\U", "\\u").getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))
                        .replace("=", "").getBytes(StandardCharsets.US_ASCII)};
    }
}
