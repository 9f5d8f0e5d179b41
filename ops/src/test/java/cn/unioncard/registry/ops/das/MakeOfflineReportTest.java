package cn.unioncard.registry.ops.das;

import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.testing.MemberData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line tool in-process, with no registry running: a template and a key file in, a signed file out. */
class MakeOfflineReportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return MakeOfflineReport.run(args, new PrintStream(out), new PrintStream(err), CLOCK);
    }

    @Test
    void a_filled_template_becomes_a_report_signed_by_the_unions_key_with_every_row_and_the_authorisation_date()
            throws Exception {
        KeyPair key = OfflineKeys.generate();
        Files.writeString(dir.resolve("union.key"), OfflineKeys.keyFile("key-1", "0100007", key.getPrivate()));
        MemberWorkbooks.write(dir.resolve("filled.xlsx"), 4, n -> MemberData.numbered(810_000 + n));

        int exit = run("--template", dir.resolve("filled.xlsx").toString(), "--key", dir.resolve("union.key").toString(),
                "--out", dir.resolve("report.das").toString(), "--authorised-on", "2026-11-28");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        DasFile das = DasFile.open(Files.readAllBytes(dir.resolve("report.das")));
        das.verify(key.getPublic());
        assertThat(das.manifest().unionSystemCode()).isEqualTo("0100007");
        assertThat(das.manifest().keyId()).isEqualTo("key-1");
        assertThat(das.manifest().createdAt()).isEqualTo("2026-12-01T02:00:00Z");
        List<DasMember> members = das.members();
        assertThat(members).extracting(DasMember::row).containsExactly(2, 3, 4, 5);
        assertThat(members).allSatisfy(m -> assertThat(m.authorisedOn()).isEqualTo(LocalDate.of(2026, 11, 28)));
        assertThat(members.get(0).cells().get("idNumber")).isEqualTo(MemberData.numbered(810_000).json().get("idNumber"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("4 members").doesNotContain(
                (String) MemberData.numbered(810_000).json().get("idNumber"));
    }

    @Test
    void without_an_authorisation_date_the_report_claims_no_consent_and_the_tool_warns_it_will_not_be_submitted()
            throws Exception {
        KeyPair key = OfflineKeys.generate();
        Files.writeString(dir.resolve("union.key"), OfflineKeys.keyFile("key-1", "0100007", key.getPrivate()));
        MemberWorkbooks.write(dir.resolve("filled.xlsx"), 2, n -> MemberData.numbered(815_000 + n));

        int exit = run("--template", dir.resolve("filled.xlsx").toString(), "--key", dir.resolve("union.key").toString(),
                "--out", dir.resolve("report.das").toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<DasMember> members = DasFile.open(Files.readAllBytes(dir.resolve("report.das"))).members();
        assertThat(members).hasSize(2).allSatisfy(m -> assertThat(m.authorisedOn()).isNull());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning").contains("not submit");
    }

    @Test
    void a_key_file_of_another_union_or_an_authorisation_date_in_the_future_writes_nothing() throws Exception {
        KeyPair key = OfflineKeys.generate();
        Files.writeString(dir.resolve("union.key"), OfflineKeys.keyFile("key-1", "0100007", key.getPrivate()));
        MemberWorkbooks.write(dir.resolve("filled.xlsx"), 1, n -> MemberData.numbered(820_000 + n));
        String[] common = {"--template", dir.resolve("filled.xlsx").toString(), "--key",
                dir.resolve("union.key").toString(), "--out", dir.resolve("report.das").toString()};

        assertThat(run(concat(common, "--union", "0100008"))).isEqualTo(1);
        assertThat(run(concat(common, "--authorised-on", "2026-12-02"))).isEqualTo(1);
        assertThat(run("--template", "x.xlsx")).isEqualTo(2);
        assertThat(dir.resolve("report.das")).doesNotExist();
    }

    @Test
    void a_file_that_is_no_workbook_is_refused_with_the_imports_reason() throws Exception {
        KeyPair key = OfflineKeys.generate();
        Files.writeString(dir.resolve("union.key"), OfflineKeys.keyFile("key-1", "0100007", key.getPrivate()));
        Files.writeString(dir.resolve("filled.xlsx"), "姓名,证件号码\n");

        assertThat(run("--template", dir.resolve("filled.xlsx").toString(), "--key", dir.resolve("union.key").toString(),
                "--out", dir.resolve("report.das").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not an .xlsx");
        assertThat(dir.resolve("report.das")).doesNotExist();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
