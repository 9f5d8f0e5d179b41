package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A multipart/form-data upload as a browser's form sends it: the text fields first, then one file. */
public final class Multipart {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private Multipart() {
    }

    /** Posts the fields and the file (form part {@code part}) to {@code path}; {@code headers} as {@link Api} takes them. */
    public static Response post(Api api, String path, String token, Map<String, String> fields, String part,
                                String fileName, String contentType, byte[] content, String... headers) {
        String boundary = "----registry" + UUID.randomUUID().toString().replace("-", "");
        return api.send(api.request(path, token, headers)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(boundary, fields, part, fileName, contentType,
                        content))));
    }

    public static byte[] body(String boundary, Map<String, String> fields, String part, String fileName,
                              String contentType, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
