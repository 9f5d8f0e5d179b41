package cn.unioncard.registry.it.member;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportMetadata;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RegisterImportedMembers;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.StoredText;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The batched write path of an import, as the job runner drives it: chunks of rows sent through
 * the command gateway inside a transaction the caller opened, with an operator's metadata. Valid
 * rows are mixed with invalid ones, repeats within a chunk, and people already registered here
 * (same and different data) and in a union the operator cannot see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportedMembersTest {

    private static final int ROWS = 1_200;
    private static final int CHUNK = 500;
    private static final String JOB = "job-" + UUID.randomUUID();

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String auditor;
    private MemberSupport.Grassroots ga;
    private MemberSupport.Grassroots gb;
    private CommandGateway gateway;
    private TransactionTemplate tx;
    private Map<String, ?> operatorA;

    private String sameId;
    private String differentId;
    private String elsewhereId;
    private String existingSame;
    /** Row number → the outcome the rules predict: result, entity (or null), message (or the failing field). */
    private final Map<Integer, Object[]> expected = new HashMap<>();
    private final List<RegisterImportedMembers.Row> rows = new ArrayList<>();
    private final List<ImportedRow> answered = new ArrayList<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String cityId = MemberSupport.cityId(api, admin);
        String districtA = MemberSupport.district(api, admin, cityId, "思明区总工会")[0];
        String districtB = MemberSupport.district(api, admin, cityId, "湖里区总工会")[0];
        ga = MemberSupport.grassroots(api, admin, districtA, "厦门云卡信息科技有限公司工会委员会", "Operator-Password-I1");
        gb = MemberSupport.grassroots(api, admin, districtB, "厦门湖里港务有限公司工会", "Operator-Password-I2");
        auditor = MemberSupport.account(api, admin, "auditor.import", "AUDITOR", cityId);
        gateway = registry.context().getBean(CommandGateway.class);
        tx = registry.context().getBean(TransactionTemplate.class);
        operatorA = AuditMetadata.of(new Actor(ga.code(), Role.UNION_OPERATOR, ga.id(), "127.0.0.1", "corr-import",
                null));

        sameId = ResidentIds.numbered(9_000_001);
        differentId = ResidentIds.numbered(9_000_002);
        elsewhereId = ResidentIds.numbered(9_000_003);
        existingSame = typed(ga, MemberData.form("林晓梅", sameId, "13900000001").json());
        typed(ga, MemberData.form("林晓兰", differentId, "13900000002").json());
        typed(gb, MemberData.form("林晓竹", elsewhereId, "13900000003").json());
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private String typed(MemberSupport.Grassroots union, Map<String, Object> form) {
        Response r = api.post("/api/unions/" + union.id() + "/members", union.operator(), form);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("memberId").asText();
    }

    private List<ImportedRow> send(RegisterImportedMembers command, Map<String, ?> actor) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(actor));
    }

    /** Adds a sheet row (rows start at 2, under the header); {@code invalid} names the field it fails on. */
    private void row(MemberData.Form form, String invalid) {
        int number = rows.size() + 2;
        rows.add(new RegisterImportedMembers.Row(number, UUID.randomUUID().toString(), form.build()));
        if (invalid != null) {
            expected.put(number, new Object[] {RowResult.REJECTED, null, invalid});
        }
    }

    /**
     * The oracle, from the rules as the issue states them: an earlier row of the same chunk with the
     * ID number makes a duplicate of it; then the people registered before decide; else accepted.
     */
    private void expectChunk(List<RegisterImportedMembers.Row> chunk) {
        Map<String, Integer> first = new HashMap<>();
        for (RegisterImportedMembers.Row r : chunk) {
            if (expected.containsKey(r.row())) {
                continue;
            }
            String id = r.form().idNumber();
            Integer earlier = first.putIfAbsent(id, r.row());
            Object[] e;
            if (earlier != null) {
                e = new Object[] {RowResult.DUPLICATE, null, "与第 " + earlier + " 行证件号码相同"};
            } else if (id.equals(sameId)) {
                e = new Object[] {RowResult.DUPLICATE, existingSame, "该证件号码已是本工会在册会员，信息相同，未重复导入"};
            } else if (id.equals(differentId)) {
                e = new Object[] {RowResult.REJECTED, null, "该证件号码已是本工会在册会员（信息不同）：请在会员页更正"};
            } else if (id.equals(elsewhereId)) {
                e = new Object[] {RowResult.REJECTED, null, "该证件号码已是其他工会的在册会员"};
            } else {
                e = new Object[] {RowResult.ACCEPTED, r.memberId(), null};
            }
            expected.put(r.row(), e);
        }
    }

    @Test
    @Order(1)
    void a_chunk_rolled_back_by_its_caller_leaves_no_event_no_lookup_row_and_no_data_key() {
        JdbcTemplate su = registry.jdbc();
        long events = registry.eventCount();
        long lookups = su.queryForObject("select count(*) from membership_lookup", Long.class);
        long keys = su.queryForObject("select count(*) from data_key", Long.class);
        List<RegisterImportedMembers.Row> chunk = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            chunk.add(new RegisterImportedMembers.Row(n + 2, UUID.randomUUID().toString(),
                    MemberData.numbered(8_000_000 + n).build()));
        }
        List<ImportedRow> out = tx.execute(status -> {
            List<ImportedRow> answer = send(new RegisterImportedMembers("job-rolled-back", ga.id(), chunk), operatorA);
            // inside the caller's transaction the chunk's writes are there, not yet committed
            assertThat(su.queryForObject("select count(*) from membership_lookup", Long.class))
                    .isEqualTo(lookups);
            status.setRollbackOnly();
            return answer;
        });
        assertThat(out).extracting(ImportedRow::result).containsOnly(RowResult.ACCEPTED).hasSize(50);
        assertThat(registry.eventCount()).isEqualTo(events);
        assertThat(su.queryForObject("select count(*) from membership_lookup", Long.class)).isEqualTo(lookups);
        assertThat(su.queryForObject("select count(*) from data_key", Long.class)).isEqualTo(keys);
        assertThat(su.queryForObject("select count(*) from member_view where union_id = ?", Long.class, ga.id()))
                .isEqualTo(2);
    }

    @Test
    @Order(2)
    void every_row_of_a_mixed_import_gets_exactly_the_outcome_the_rules_give() {
        for (int n = 0; n < ROWS; n++) {
            MemberData.Form form = MemberData.numbered(n);
            String previousId = ResidentIds.numbered(n - 1);
            switch (n % 100) {
                case 7 -> row(form.with(f -> f.idNumber = f.idNumber.substring(0, 17)
                        + (f.idNumber.charAt(17) == '0' ? '1' : '0')), "idNumber");
                case 13 -> row(form.with(f -> f.name = null), "name");
                case 22 -> row(form.with(f -> f.idNumber = previousId), null);
                case 41 -> row(MemberData.form("林晓梅", sameId, "13900000001"), null);
                case 55 -> row(MemberData.form("林晓兰", differentId, "13900000099"), null);
                case 66 -> row(MemberData.form("林晓竹", elsewhereId, "13900000003"), null);
                default -> row(form, null);
            }
        }
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<RegisterImportedMembers.Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            expectChunk(chunk);
            answered.addAll(tx.execute(s -> send(new RegisterImportedMembers(JOB, ga.id(), chunk), operatorA)));
        }
        assertThat(answered).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            ImportedRow got = answered.get(i);
            Object[] want = expected.get(rows.get(i).row());
            assertThat(got.row()).isEqualTo(rows.get(i).row());
            assertThat(got.result()).as("row %d", got.row()).isEqualTo(want[0]);
            assertThat(got.entityId()).as("row %d", got.row()).isEqualTo(want[1]);
            if (want[2] == null) {
                assertThat(got.problems()).as("row %d", got.row()).noneMatch(Violation::isError);
            } else if (!((String) want[2]).contains("证件号码")) {
                assertThat(got.problems()).as("row %d", got.row()).extracting(Violation::field).contains((String) want[2]);
            } else {
                assertThat(got.problems()).as("row %d", got.row()).extracting(Violation::field, Violation::zh)
                        .containsExactly(tuple("idNumber", want[2]));
            }
        }
    }

    @Test
    @Order(3)
    void an_import_by_the_city_admin_who_sees_the_other_union_still_does_not_name_it_to_the_unions_readers() {
        Map<String, ?> cityAdmin = AuditMetadata.of(new Actor(ADMIN, Role.CITY_ADMIN,
                MemberSupport.cityId(api, admin), "127.0.0.1", "corr-import-admin", null));
        List<ImportedRow> out = tx.execute(s -> send(new RegisterImportedMembers("job-admin", ga.id(),
                List.of(new RegisterImportedMembers.Row(2, UUID.randomUUID().toString(),
                        MemberData.form("林晓竹", elsewhereId, "13900000003").build()))), cityAdmin));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(RowResult.REJECTED);
            assertThat(r.problems()).extracting(Violation::zh).containsExactly("该证件号码已是其他工会的在册会员")
                    .noneMatch(m -> m.contains(gb.code()));
        });
    }

    @Test
    @Order(4)
    void each_accepted_member_is_listed_and_shown_and_its_registration_names_the_job_and_row() {
        Map<String, Integer> accepted = new HashMap<>();
        answered.stream().filter(r -> r.result() == RowResult.ACCEPTED).forEach(r -> accepted.put(r.entityId(), r.row()));
        long acceptedCount = expected.values().stream().filter(e -> e[0] == RowResult.ACCEPTED).count();
        assertThat(accepted).hasSize((int) acceptedCount);
        JdbcTemplate su = registry.jdbc();
        assertThat(su.queryForList("select id from member_view where union_id = ?", String.class, ga.id()))
                .containsExactlyInAnyOrderElementsOf(withExisting(accepted.keySet()));
        Response list = api.get("/api/unions/" + ga.id() + "/members?size=5", ga.operator());
        assertThat(list.json().path("total").asLong()).as("%s", list).isEqualTo(accepted.size() + 2);
        accepted.keySet().stream().limit(5).forEach(id -> {
            Response detail = api.get("/api/members/" + id, ga.operator());
            assertThat(detail.status()).as("%s", detail).isEqualTo(200);
        });
        List<Map<String, Object>> registered = su.queryForList("select aggregate_identifier, meta_data "
                + "from domain_event_entry where payload_type like '%MemberRegistered' and aggregate_identifier = any(?)",
                (Object) accepted.keySet().toArray(String[]::new));
        assertThat(registered).hasSize(accepted.size());
        for (Map<String, Object> e : registered) {
            JsonNode meta = MemberSupport.json(e.get("meta_data"));
            assertThat(meta.path(ImportMetadata.JOB).asText()).isEqualTo(JOB);
            assertThat(meta.path(ImportMetadata.ROW).asText())
                    .isEqualTo(Integer.toString(accepted.get((String) e.get("aggregate_identifier"))));
            assertThat(meta.path(AuditMetadata.USER).asText()).isEqualTo(ga.code());
        }
    }

    private List<String> withExisting(java.util.Set<String> ids) {
        List<String> all = new ArrayList<>(ids);
        all.add(existingSame);
        all.add(registry.jdbc().queryForObject("select member_id from membership_lookup where union_id = ? "
                + "and member_id <> ? and member_id <> all(?)", String.class, ga.id(), existingSame,
                ids.toArray(String[]::new)));
        return all;
    }

    @Test
    @Order(5)
    void no_imported_name_id_number_or_mobile_is_in_clear_outside_the_member_directory_and_the_chain_verifies() {
        List<String> secrets = new ArrayList<>();
        for (int n : new int[] {0, 1, 99, 500, 1_199}) {
            MemberData.Form f = MemberData.numbered(n);
            secrets.add(f.idNumber);
            secrets.add(f.mobile);
        }
        secrets.add(MemberData.numbered(3).name + "");
        assertThat(StoredText.scan(registry.jdbc(), secrets)).isNotEmpty()
                .allMatch(hit -> hit.startsWith("member_view."));
        JdbcTemplate su = registry.jdbc();
        assertThat(eventually(30_000, () -> su.queryForObject(
                "select coalesce(max(global_index), 0) from event_seal", Long.class) >= su.queryForObject(
                "select coalesce(max(global_index), 0) from domain_event_entry", Long.class))).isTrue();
        Response report = api.get("/api/audit/verify", auditor);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().path("intact").asBoolean()).as("%s", report).isTrue();
    }
}
