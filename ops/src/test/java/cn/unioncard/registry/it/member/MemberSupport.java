package cn.unioncard.registry.it.member;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
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
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared helpers of the member integration tests: real-shaped resident ID numbers (GB 11643),
 * 附件1 forms as a clerk fills them in, PATCH, the union tree set-up and the stored access records.
 */
public final class MemberSupport {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    static final String PDA_TYPE = "%PersonalDataAccessed";

    private MemberSupport() {
    }

    // ---------------------------------------------------------------- ID numbers

    /** "10X98765432"[Σ dᵢ·wᵢ mod 11] over the first 17 digits. */
    static char checkCharacter(String first17) {
        assertThat(first17).matches("\\d{17}");
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** An 18-character resident ID: region, birth date, 3-digit sequence and check character. */
    public static String residentId(String region, LocalDate birth, int sequence) {
        String body = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
        return body + checkCharacter(body);
    }

    /** The first resident ID from {@code sequence} on whose check character is X. */
    static String residentIdEndingInX(String region, LocalDate birth, int sequence) {
        for (int s = sequence; s < sequence + 1000; s++) {
            String id = residentId(region, birth, s % 1000);
            if (id.endsWith("X")) {
                return id;
            }
        }
        throw new AssertionError("no X check character");
    }

    /** The 18-character form of a 15-digit legacy number: "19" before the year, then the check character. */
    static String from15(String legacy) {
        assertThat(legacy).matches("\\d{15}");
        String body = legacy.substring(0, 6) + "19" + legacy.substring(6);
        return body + checkCharacter(body);
    }

    /** ASCII digits (and X) as full-width characters, as some input methods type them. */
    static String fullWidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= '!' && c <= '~' ? (char) (c - '!' + '！') : c);
        }
        return b.toString();
    }

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

    // ---------------------------------------------------------------- forms

    /** Every field of 附件1, consistent and valid, as a clerk in Xiamen would fill it in. */
    public static Map<String, Object> memberForm(String name, String idNumber, String mobile) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("idType", "1");
        f.put("idNumber", idNumber);
        f.put("idExpiry", "2036-08-17");
        f.put("ethnicGroup", "汉族");
        f.put("politicalStatus", "群众");
        f.put("education", "6");
        f.put("nationality", "CHN");
        f.put("titleLevel", "7");
        f.put("mobile", mobile);
        f.put("householdProvince", "福建省");
        f.put("householdCity", "厦门市");
        f.put("contactAddress", "厦门市思明区软件园二期观日路 12 号 3 楼");
        f.put("workStart", "2015-07");
        f.put("unionJoin", "2016-03");
        f.put("socialInsuranceStart", "2015-07");
        f.put("ruralHousehold", false);
        f.put("labourDispatch", false);
        f.put("labourContract", true);
        f.put("occupation", "4");
        f.put("cardType", "1");
        f.put("employerName", "厦门云卡信息科技有限公司");
        f.put("filledOn", "2024-05-20");
        return f;
    }

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

    static List<JsonNode> items(Response page) {
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

    static JsonNode errorFor(JsonNode problem, String field) {
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
    record Access(long globalIndex, JsonNode payload, JsonNode metadata) {
        List<String> memberIds() {
            return texts(payload.path("memberIds"));
        }
    }

    static long maxGlobalIndex(RunningRegistry registry) {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    /** The PersonalDataAccessed events stored after {@code afterGlobalIndex}, in order. */
    static List<Access> accessesAfter(RunningRegistry registry, long afterGlobalIndex) {
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

    /** Polls {@code condition} every 50 ms for up to {@code millis}; true once it holds. */
    public static boolean eventually(long millis, BooleanSupplier condition) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
