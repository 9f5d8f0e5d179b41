package cn.unioncard.registry.query.card;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** An .xlsx answer as the card application list sends one: an ASCII file name and the Chinese one (RFC 6266). */
final class Downloads {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private Downloads() {
    }

    /** {@code id} (a batch's or run's) is reduced to safe characters for the file name. */
    static ResponseEntity<byte[]> xlsx(byte[] bytes, String asciiName, String chineseName, String id) {
        String safeId = id.replaceAll("[^A-Za-z0-9-]", "_");
        String encoded = URLEncoder.encode(chineseName + "-" + safeId + ".xlsx", StandardCharsets.UTF_8)
                .replace("+", "%20");
        return ResponseEntity.ok().contentType(XLSX).contentLength(bytes.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + asciiName + "-" + safeId + ".xlsx\"; filename*=UTF-8''" + encoded)
                .body(bytes);
    }
}
