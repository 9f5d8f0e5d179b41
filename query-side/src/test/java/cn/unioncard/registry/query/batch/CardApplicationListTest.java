package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.member.HeldDetails;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The card application list as the bank gets it, built from batch rows and member rows on the real
 * database and read back with POI: who is on it and in which order, what each row shows, the print set-up.
 */
@ProjectionTest
@Import({CardApplicationListReader.class, HeldDetails.class, UnionLabels.class})
class CardApplicationListTest {

    static final String BATCH = "b-7f3a";
    static final String HASH = "9c1e5a7b3d2f" + "0".repeat(52);
    static final Instant REVIEWED = Instant.parse("2026-11-30T17:30:00Z"); // 1 December in Xiamen
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CardApplicationListReader reader;

    final List<MemberDetails> approved = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("batch_member_view", "batch_view", "member_view", "member_count", "union_view");
        union("d-1", null, "思明区总工会", "/city/d-1/");
        union("g-1", "3502031001", "厦门鹭江数据服务有限公司工会", "/city/d-1/g-1/");
        batch("APPROVED");
        // In pinyin order 陈 李 欧阳 王 张 赵; by code point it would be 张 李 欧 王 赵 陈.
        member("m-5", "张伟", false, d -> { });
        member("m-2", "李娜", true, d -> d.cardType = "2");
        member("m-9", "王芳", false, d -> d.idLongTerm = true);
        member("m-1", "陈静", false, d -> d.idNumber = ResidentIds.endingInX("350203", LocalDate.of(1988, 2, 29), 7));
        member("m-4", "欧阳晓岚", false, d -> d.employerName = "=HYPERLINK(\"http://x\",\"y\")");
        member("m-3", "赵磊", false, d -> { });
        member("m-8", "李娜", false, d -> { }); // the same name: after m-2, by member id
        returned("m-6", "钱多");
        erased("m-7", "孙悟");
    }

    @Test
    void theApprovedMembersAreNumberedInChineseCollationOrderThenByMemberId() throws IOException {
        Sheet sheet = sheet(list());
        assertThat(column(sheet, 1)).containsExactly("陈静", "李娜", "李娜", "欧阳晓岚", "王芳", "张伟", "赵磊");
        assertThat(column(sheet, 0)).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(column(sheet, 3).get(1)).isEqualTo(idOf("m-2"));
        assertThat(column(sheet, 3).get(2)).isEqualTo(idOf("m-8"));
    }

    @Test
    void idNumbersAreWrittenInFullAsTextEvenWhenTheyEndInX() throws IOException {
        Sheet sheet = sheet(list());
        for (int r = 0; r < approved.size(); r++) {
            Row row = sheet.getRow(CardApplicationListWorkbook.HEADING_ROW + 1 + r);
            assertThat(row.getCell(3).getCellType()).isEqualTo(CellType.STRING);
            assertThat(row.getCell(3).getStringCellValue()).hasSize(18);
            assertThat(row.getCell(7).getCellType()).isEqualTo(CellType.STRING);
        }
        assertThat(column(sheet, 3).get(0)).endsWith("X").isEqualTo(idOf("m-1"));
    }

    @Test
    void eachRowShowsTheColumnsTheBankNeedsWithLabelsNotCodes() throws IOException {
        Sheet sheet = sheet(list());
        Row heading = sheet.getRow(CardApplicationListWorkbook.HEADING_ROW);
        List<String> headings = new ArrayList<>();
        heading.forEach(c -> headings.add(c.getStringCellValue()));
        assertThat(headings).containsExactly("序号", "姓名", "证件类型", "证件号码", "证件有效期", "国籍", "职业",
                "手机号码", "联系地址", "工作单位", "办卡类型", "借贷合一卡资格审核");
        Row zhang = sheet.getRow(CardApplicationListWorkbook.HEADING_ROW + 6);
        assertThat(texts(zhang)).containsExactly("6", "张伟", "身份证", idOf("m-5"), "2036-08-17", "中国", "公司员工",
                MemberData.MOBILE, MemberData.ADDRESS, MemberData.EMPLOYER, "借记卡", "");
        assertThat(column(sheet, 4).get(4)).isEqualTo("长期");
    }

    @Test
    void debitCreditApplicantsAndOnlyThemAreMarkedForTheBanksReview() throws IOException {
        Sheet sheet = sheet(list());
        assertThat(column(sheet, 11)).containsExactly("", "需审核", "", "", "", "", "");
        assertThat(column(sheet, 10).get(1)).isEqualTo("借贷合一卡");
    }

    @Test
    void returnedAndErasedMembersAreNotOnTheList() throws IOException {
        CardApplicationList list = list();
        assertThat(list.lines()).extracting(CardApplicationList.Line::memberId)
                .containsExactlyInAnyOrder("m-1", "m-2", "m-3", "m-4", "m-5", "m-8", "m-9");
        Sheet sheet = sheet(list);
        assertThat(column(sheet, 1)).doesNotContain("钱多", "孙悟");
    }

    @Test
    void aMemberErasedAfterApprovalWhileTheBatchRowStillSaysApprovedIsLeftOff() throws IOException {
        jdbc.update("update member_view set erased_at = now(), name = '已删除' where id = 'm-3'");
        approved.removeIf(d -> d.name().equals("赵磊"));
        assertThat(column(sheet(list()), 1)).doesNotContain("赵磊", "已删除").hasSize(6);
    }

    @Test
    void textThatLooksLikeAFormulaIsStoredAsQuotedText() throws IOException {
        Sheet sheet = sheet(list());
        Row ouyang = sheet.getRow(CardApplicationListWorkbook.HEADING_ROW + 4);
        assertThat(ouyang.getCell(9).getCellType()).isEqualTo(CellType.STRING);
        assertThat(ouyang.getCell(9).getCellStyle().getQuotePrefixed()).isTrue();
    }

    @Test
    void theHeadingNamesTheUnionItsCodeTheBatchTheApprovalDateAndTheReviewersUnion() throws IOException {
        Sheet sheet = sheet(list());
        assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("批量办理借记卡明细清单");
        assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).contains("厦门鹭江数据服务有限公司工会")
                .contains("3502031001").contains(BATCH);
        assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).contains("2026-12-01").contains("思明区总工会")
                .contains("7");
    }

    @Test
    void theHeadingRowIsRepeatedOnEveryPrintedPage() throws IOException {
        Sheet sheet = sheet(list());
        assertThat(sheet.getRepeatingRows()).isEqualTo(new CellRangeAddress(CardApplicationListWorkbook.HEADING_ROW,
                CardApplicationListWorkbook.HEADING_ROW, -1, -1));
        assertThat(sheet.getRepeatingRows().formatAsString()).isEqualTo("4:4");
    }

    @Test
    void theFooterCountsPagesAndNamesTheBatchAndItsHashPrefix() throws IOException {
        XSSFSheet sheet = (XSSFSheet) sheet(list());
        assertThat(sheet.getOddFooter().getCenter()).isEqualTo("第 &P 页 共 &N 页 · 批次 b-7f3a · 9c1e5a7b3d2f");
    }

    @Test
    void itPrintsOnA4LandscapeOnePageWideAndAsManyPagesTallAsItNeeds() throws IOException {
        Sheet sheet = sheet(list());
        PrintSetup print = sheet.getPrintSetup();
        assertThat(print.getPaperSize()).isEqualTo((short) 9);
        assertThat(print.getLandscape()).isTrue();
        assertThat(sheet.getFitToPage()).isTrue();
        assertThat(print.getFitWidth()).isEqualTo((short) 1);
        assertThat(print.getFitHeight()).isEqualTo((short) 0);
    }

    @Test
    void theSignatureAndStampAreaFollowsTheLastRow() throws IOException {
        Sheet sheet = sheet(list());
        int last = CardApplicationListWorkbook.HEADING_ROW + approved.size();
        assertThat(sheet.getLastRowNum()).isGreaterThan(last);
        assertThat(sheet.getRow(sheet.getLastRowNum()).getCell(0).getStringCellValue())
                .contains("经办人签字").contains("工会盖章").contains("日期");
    }

    /** SubmitBatch.MAX_MEMBERS applicants in one XSSF workbook (held in memory: no streaming needed). */
    @Test
    void aBatchOfFiveThousandApplicantsIsOneNumberedWorkbook() throws IOException {
        List<CardApplicationList.Line> lines = new ArrayList<>();
        for (int n = 0; n < SubmitBatch.MAX_MEMBERS; n++) {
            lines.add(new CardApplicationList.Line("m-" + n, MemberData.details(ResidentIds.numbered(n))
                    .with(d -> d.name = MemberData.numbered(lines.size()).name).build(), n % 7 == 0));
        }
        long start = System.nanoTime();
        byte[] bytes = CardApplicationListWorkbook.of(new CardApplicationList("工会", "3502031001", BATCH,
                LocalDate.of(2026, 12, 1), "思明区总工会", HASH, lines));
        System.out.printf("CardApplicationListTest: %d applicants, %d bytes, built in %d ms%n", lines.size(),
                bytes.length, (System.nanoTime() - start) / 1_000_000);
        Sheet sheet = new XSSFWorkbook(new ByteArrayInputStream(bytes)).getSheetAt(0);
        Row last = sheet.getRow(CardApplicationListWorkbook.HEADING_ROW + SubmitBatch.MAX_MEMBERS);
        assertThat(last.getCell(0).getStringCellValue()).isEqualTo("5000");
        assertThat(last.getCell(3).getStringCellValue()).hasSize(18);
    }

    @Test
    void theAuthorisationNamesTheUnionTheBatchTheCountAndTheDateButNoMember() throws IOException {
        CardApplicationListReader.Batch batch = reader.batch(BATCH).orElseThrow();
        UnionLabels.Label union = reader.unionOf(batch);
        byte[] bytes = CardAuthorisationForm.of(union.name(), union.systemCode(), BATCH,
                reader.approved(BATCH).size(), LocalDate.of(2026, 12, 3));
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet sheet = workbook.getSheetAt(0);
            StringBuilder all = new StringBuilder();
            sheet.forEach(row -> row.forEach(c -> all.append(new DataFormatter().formatCellValue(c)).append('\n')));
            assertThat(all.toString()).contains("批量办卡委托书").contains("厦门鹭江数据服务有限公司工会")
                    .contains("3502031001").contains(BATCH).contains(" 7 名").contains("2026 年 12 月 3 日")
                    .contains("经办人签字").contains("盖章");
            for (MemberDetails d : approved) {
                assertThat(all.toString()).doesNotContain(d.name()).doesNotContain(d.idNumber());
            }
            assertThat(sheet.getPrintSetup().getPaperSize()).isEqualTo((short) 9);
            assertThat(sheet.getPrintSetup().getLandscape()).isFalse();
        }
    }

    // ---------------------------------------------------------------- set-up and reading

    CardApplicationList list() {
        return reader.list(reader.batch(BATCH).orElseThrow());
    }

    static Sheet sheet(CardApplicationList list) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(CardApplicationListWorkbook.of(list))).getSheetAt(0);
    }

    /** The member rows' texts in one column, from the row after the headings to the last member. */
    List<String> column(Sheet sheet, int column) {
        List<String> out = new ArrayList<>();
        for (int r = 1; r <= approved.size(); r++) {
            out.add(new DataFormatter().formatCellValue(sheet.getRow(CardApplicationListWorkbook.HEADING_ROW + r)
                    .getCell(column)));
        }
        return out;
    }

    static List<String> texts(Row row) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < CardApplicationListWorkbook.HEADINGS.size(); c++) {
            out.add(new DataFormatter().formatCellValue(row.getCell(c)));
        }
        return out;
    }

    String idOf(String memberId) {
        return jdbc.queryForObject("select id_number from member_view where id = ?", String.class, memberId);
    }

    void union(String id, String code, String name, String path) {
        jdbc.update("""
                insert into union_view (id, level, system_code, name, path, profile, version, registered_at, updated_at)
                values (?, 'GRASSROOTS', ?, ?, ?, '{}'::jsonb, 0, now(), now())""", id, code, name, path);
    }

    void batch(String status) {
        jdbc.update("""
                insert into batch_view (batch_id, union_id, union_path, status, member_count, approved_count,
                    debit_credit_count, erased_count, content_hash, submitted_at, submitted_by, on_behalf, reviewed_at,
                    reviewed_by, reviewer_union_id, version, updated_at)
                values (?, 'g-1', '/city/d-1/g-1/', ?, 9, 7, 1, 1, ?, now(), 'g-1-operator', false, ?, 'reviewer',
                    'd-1', 3, now())""", BATCH, status, HASH, java.sql.Timestamp.from(REVIEWED));
    }

    /** An approved member of the batch, registered in the union's directory. */
    void member(String id, String name, boolean debitCredit, Consumer<MemberData.Details> change) {
        MemberDetails d = MemberData.details().with(b -> b.name = name).with(change).build();
        directory(id, d);
        approved.add(d);
        onBatch(id, debitCredit, "APPROVED");
    }

    void returned(String id, String name) {
        directory(id, MemberData.details().with(b -> b.name = name).build());
        onBatch(id, false, "RETURNED");
    }

    void erased(String id, String name) {
        directory(id, MemberData.details().with(b -> b.name = name).build());
        onBatch(id, false, "ERASED");
    }

    void directory(String id, MemberDetails d) {
        try {
            jdbc.update("""
                    insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                        authorised, version, registered_at, updated_at)
                    values (?, 'g-1', '/city/d-1/g-1/', 'ACTIVE', ?, ?, ?, ?, ?::jsonb, true, 1, now(), now())""",
                    id, d.name(), d.idNumber(), d.idNumber().substring(14), d.mobile(), JSON.writeValueAsString(d));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void onBatch(String id, boolean debitCredit, String state) {
        jdbc.update("""
                insert into batch_member_view (batch_id, member_id, submitted_version, debit_credit, state)
                values (?, ?, 1, ?, ?)""", BATCH, id, debitCredit, state);
    }
}
