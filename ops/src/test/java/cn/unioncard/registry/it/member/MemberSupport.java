package cn.unioncard.registry.it.member;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers of the member integration tests over HTTP: masking, the lookup's keyed hash, PATCH, the
 * union tree set-up, reading responses and the stored access records. The member data itself
 * comes from the shared builder ({@link cn.unioncard.registry.testing.MemberData}).
 */
public final class MemberSupport {

    static final String PDA_TYPE = "%PersonalDataAccessed";

    private MemberSupport() {
    }

    // ---------------------------------------------------------------- masking and the lookup

    static String maskedId(String id18) {
        return id18.substring(0, 6) + "********" + id18.substring(14);
    }

    static String maskedMobile(String mobile) {
        return mobile.substring(0, 3) + "****" + mobile.substring(7);
    }

    /** The membership lookup's key for an ID number: HMAC-SHA256 under the data directory's key. */
    public static byte[] idHash(RunningRegistry registry, String idNumber) {
        try {
            byte[] key = Base64.getDecoder().decode(
                    Files.readString(registry.dataDir().resolve("id-index.key"), StandardCharsets.US_ASCII).trim());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(idNumber.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- requests

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Response patch(Api api, String path, String token, Object body, String... headers) {
        String text;
        try {
            text = body instanceof String s ? s : Api.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api.send(api.request(path, token, headers).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- the union tree

    record Grassroots(String id, String code, String operator) {
    }

    public static String cityId(Api api, String admin) {
        Response cities = api.get("/api/unions?level=CITY", admin);
        assertThat(cities.status()).as("%s", cities).isEqualTo(200);
        return cities.json().path("items").get(0).path("id").asText();
    }

    /** A district; returns {id, systemCode}. */
    static String[] district(Api api, String admin, String cityId, String name) {
        Response d = api.post("/api/unions", admin, Forms.district(cityId, name));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        return new String[] {d.json().path("unionId").asText(), d.json().path("systemCode").asText()};
    }

    /** A grassroots union whose operator has logged in with the one-time password and changed it. */
    static Grassroots grassroots(Api api, String token, String districtId, String name, String newPassword) {
        Response g = api.post("/api/unions", token, Forms.minimalGrassroots(districtId, name));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        String code = g.json().path("systemCode").asText();
        assertThat(g.json().path("operatorUsername").asText()).isEqualTo(code);
        String operator = api.loginAndChangePassword(code, g.json().path("oneTimePassword").asText(), newPassword);
        return new Grassroots(g.json().path("unionId").asText(), code, operator);
    }

    /** Opens an account and returns the token after the first password change. */
    public static String account(Api api, String admin, String username, String role, String unionId) {
        Response opened = api.post("/api/users", admin,
                Map.of("username", username, "displayName", "测试 " + username, "role", role, "unionId", unionId));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return api.loginAndChangePassword(username, opened.json().path("oneTimePassword").asText(),
                "Password-of-" + username);
    }

    // ---------------------------------------------------------------- responses

    public static List<JsonNode> items(Response page) {
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        return StreamSupport.stream(page.json().path("items").spliterator(), false).toList();
    }

    static List<String> ids(Response page) {
        return items(page).stream().map(i -> i.path("id").asText()).toList();
    }

    static List<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(e -> e.path("field").asText()).toList();
    }

    public static JsonNode errorFor(JsonNode problem, String field) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .filter(e -> field.equals(e.path("field").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + problem));
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    // ---------------------------------------------------------------- the event store

    /** One stored PersonalDataAccessed event: its payload and metadata as JSON. */
    public record Access(long globalIndex, JsonNode payload, JsonNode metadata) {
        public List<String> memberIds() {
            return texts(payload.path("memberIds"));
        }
    }

    public static long maxGlobalIndex(RunningRegistry registry) {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    /** The PersonalDataAccessed events stored after {@code afterGlobalIndex}, in order. */
    public static List<Access> accessesAfter(RunningRegistry registry, long afterGlobalIndex) {
        List<Map<String, Object>> rows = registry.jdbc().queryForList("""
                select global_index, payload, meta_data from domain_event_entry
                where payload_type like ? and global_index > ? order by global_index""", PDA_TYPE, afterGlobalIndex);
        List<Access> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            out.add(new Access(((Number) row.get("global_index")).longValue(), json(row.get("payload")),
                    json(row.get("meta_data"))));
        }
        return out;
    }

    static long accessEventCount(RunningRegistry registry) {
        return registry.jdbc().queryForObject("select count(*) from domain_event_entry where payload_type like ?",
                Long.class, PDA_TYPE);
    }

    static JsonNode json(Object bytes) {
        try {
            return Api.JSON.readTree(bytes == null ? "null" : utf8(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(Object bytes) {
        return bytes == null ? "" : new String((byte[]) bytes, StandardCharsets.UTF_8);
    }
}
