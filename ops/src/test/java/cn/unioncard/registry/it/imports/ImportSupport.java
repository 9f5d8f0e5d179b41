package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Multipart;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the import tests share: uploads as multipart, unions and their operators, and a look at the
 * application's encrypted file store under the data directory.
 */
public final class ImportSupport {

    static final String XLSX = Multipart.XLSX;

    private ImportSupport() {
    }

    /** The files the store holds (none before anything was accepted). */
    public static long storedFiles(RunningRegistry registry) {
        Path dir = registry.dataDir().resolve("imports");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long importEvents(RunningRegistry registry) {
        return registry.jdbc().queryForObject(
                "select count(*) from domain_event_entry where payload_type like '%.imports.%'", Long.class);
    }

    /** A multipart/form-data body with one file part named {@code part}. */
    static byte[] multipart(String boundary, String part, String fileName, byte[] content) {
        return Multipart.body(boundary, Map.of(), part, fileName, XLSX, content);
    }

    public static Response upload(Api api, String path, String token, String fileName, byte[] content,
                                  String... headers) {
        return upload(api, path, token, "file", fileName, content, headers);
    }

    static Response upload(Api api, String path, String token, String part, String fileName, byte[] content,
                           String... headers) {
        return Multipart.post(api, path, token, Map.of(), part, fileName, XLSX, content, headers);
    }

    /** Uploads {@code file} to {@code path} (202), waits for the job to end and answers it, DONE. */
    public static JsonNode importAndWait(Api api, String path, String token, String fileName, byte[] file) {
        Response accepted = upload(api, path, token, fileName, file);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String job = "/api/imports/" + accepted.json().path("jobId").asText();
        assertThat(accepted.header("Location")).contains(job);
        JsonNode[] state = new JsonNode[1];
        assertThat(Eventually.eventually(60_000, () -> {
            Response r = api.get(job, token);
            state[0] = r.json();
            return r.status() == 200 && !List.of("QUEUED", "RUNNING").contains(state[0].path("state").asText());
        })).as("the job ended").isTrue();
        assertThat(state[0].path("state").asText()).as("%s", state[0]).isEqualTo("DONE");
        return state[0];
    }

    public static String district(Api api, String admin, String cityId, String name) {
        Response d = api.post("/api/unions", admin, Forms.district(cityId, name));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        return d.json().path("unionId").asText();
    }

    /** A grassroots union and its operator's token: {id, token}. */
    public static String[] grassroots(Api api, String token, String districtId, String name) {
        Response g = api.post("/api/unions", token, Forms.minimalGrassroots(districtId, name));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        String code = g.json().path("systemCode").asText();
        String operator = api.loginAndChangePassword(code, g.json().path("oneTimePassword").asText(),
                "Operator-Pass-" + code);
        return new String[] {g.json().path("unionId").asText(), operator};
    }
}
