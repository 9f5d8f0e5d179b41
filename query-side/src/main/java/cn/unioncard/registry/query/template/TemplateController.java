package cn.unioncard.registry.query.template;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The entry templates and printable forms, for any signed-in user (they hold no personal data).
 * Each is built on its first download and kept: nothing in them changes while the registry runs.
 */
@RestController
@RequestMapping("/api/templates")
class TemplateController {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final Map<Template, byte[]> built = new EnumMap<>(Template.class);

    @GetMapping("/member-import.xlsx")
    ResponseEntity<byte[]> memberImport() {
        return download(Template.MEMBER_IMPORT);
    }

    @GetMapping("/union-import.xlsx")
    ResponseEntity<byte[]> unionImport() {
        return download(Template.UNION_IMPORT);
    }

    @GetMapping("/member-form.xlsx")
    ResponseEntity<byte[]> memberForm() {
        return download(Template.MEMBER_FORM);
    }

    @GetMapping("/union-form.xlsx")
    ResponseEntity<byte[]> unionForm() {
        return download(Template.UNION_FORM);
    }

    private ResponseEntity<byte[]> download(Template template) {
        byte[] bytes = bytesOf(template);
        return ResponseEntity.ok()
                .contentType(XLSX)
                .contentLength(bytes.length)
                .header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(template))
                .body(bytes);
    }

    private synchronized byte[] bytesOf(Template template) {
        return built.computeIfAbsent(template, t -> t.builder.get());
    }

    /** RFC 6266 with an RFC 5987 {@code filename*} (the Chinese name) and an ASCII fallback. */
    static String contentDisposition(Template template) {
        String encoded = URLEncoder.encode(template.chineseName, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + template.asciiName + "\"; filename*=UTF-8''" + encoded;
    }
}
