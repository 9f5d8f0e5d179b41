package cn.unioncard.registry.ops.das;

import cn.unioncard.registry.command.imports.MemberSheetRows;
import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasManifest;
import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline report tool: a filled member template and the union's key file in, a signed .das file out,
 * with no server and no database (see docs/das-format.md for the command). The template is read by the
 * import's own reader; a cell it cannot read stops the tool with the row and column, never the value.
 * Exit code 0 written, 1 refused, 2 usage.
 */
public final class MakeOfflineReport {

    private static final String USAGE = "usage: MakeOfflineReport --template filled.xlsx --key union.key "
            + "--out report.das [--authorised-on yyyy-MM-dd] [--union SYSTEM_CODE]";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private MakeOfflineReport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    /** The tool without exiting: answers the exit code (tests call it in-process). */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        Map<String, String> opts = options(args);
        if (opts == null || !opts.keySet().containsAll(List.of("template", "key", "out"))) {
            err.println(USAGE);
            return 2;
        }
        try {
            OfflineKeys.KeyFile key = OfflineKeys.readKeyFile(Files.readAllBytes(Path.of(opts.get("key"))));
            if (opts.containsKey("union") && !opts.get("union").equals(key.unionSystemCode())) {
                err.println("refused: the key file was issued to union " + key.unionSystemCode() + ", not "
                        + opts.get("union"));
                return 1;
            }
            LocalDate today = LocalDate.now(clock.withZone(CHINA));
            // No date given: no consent is claimed (never a silent "today"); the import registers but does not submit.
            LocalDate authorisedOn = opts.containsKey("authorised-on") ? LocalDate.parse(opts.get("authorised-on"))
                    : null;
            if (authorisedOn != null && authorisedOn.isAfter(today)) {
                err.println("refused: --authorised-on cannot be after today");
                return 1;
            }
            List<DasMember> members = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try (InputStream in = Files.newInputStream(Path.of(opts.get("template")))) {
                MemberSheetRows.read(in, row -> {
                    row.problems().forEach(p -> problems.add(describe(row.row(), p)));
                    members.add(new DasMember(row.row(), authorisedOn, row.cells()));
                });
            }
            if (!problems.isEmpty()) {
                problems.forEach(err::println);
                err.println("refused: fix these cells in the template and run again");
                return 1;
            }
            if (members.isEmpty() || members.size() > cn.unioncard.registry.events.batch.SubmitBatch.MAX_MEMBERS) {
                err.println("refused: a report holds 1 to 5,000 members; the template has " + members.size());
                return 1;
            }
            Path target = Path.of(opts.get("out"));
            Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".das-", ".part");
            DasManifest manifest;
            try {
                try (OutputStream o = Files.newOutputStream(temp)) {
                    manifest = DasFile.write(o, key.unionSystemCode(), clock.instant(), key.keyId(), key.privateKey(),
                            members);
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp); // a file half written is never left beside the report
            }
            if (authorisedOn == null) {
                err.println("warning: no --authorised-on: the file records no signed authorisation, so the district "
                        + "will register these members but not submit them in a batch");
            }
            out.println("wrote " + target + ": union " + manifest.unionSystemCode() + ", " + manifest.memberCount()
                    + " members, key " + manifest.keyId() + ", payload SHA-256 " + manifest.payloadSha256());
            return 0;
        } catch (RegistryProblem p) {
            err.println("refused: " + p.en());
            return 1;
        } catch (InvalidInputException e) {
            e.violations().forEach(v -> err.println("refused: " + v.en()));
            return 1;
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            err.println("refused: " + e.getClass().getSimpleName() + " " + (e instanceof IOException ? "" : e.getMessage()));
            return 1;
        }
    }

    private static String describe(int row, Violation p) {
        String header = MemberSheet.COLUMNS.stream().filter(c -> c.field().equals(p.field()))
                .map(SheetColumn::header).findFirst().orElse(p.field());
        return "row " + row + ", " + header + " (" + p.field() + "): " + p.code() + " — " + p.zh();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
