package cn.unioncard.registry.command.union;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportMetadata;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RegisterImportedUnions;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chunk of a district's 附件2 import, each row registered as a typed {@link
 * cn.unioncard.registry.events.union.RegisterUnion} would be (same form check, system code and operator
 * account), every row decided before anything is written so that one bad row never rolls the chunk back.
 * A row naming a union the district already has (same name, or same credit code: {@link UnionSiblings})
 * is a duplicate, so importing a file again creates nobody twice.
 *
 * <p>The operator account is opened with no usable password ({@link #NO_PASSWORD}, which no password
 * matches) and must change it: a one-time password per row would cost a BCrypt hash each and has nowhere
 * to go, since it must never be written into a report file. The row's message names the system code,
 * which is the operator's login name. The operator logs in once the district or the city has reset the
 * account's password ({@code ResetPassword}, {@code POST /api/users/{username}/password-reset}), which
 * answers a one-time password to the one who asked, never into the report.
 */
@Component
class UnionImportCommandHandler {

    /** Stored as the operator's password hash: not a BCrypt hash, so no password ever matches it. */
    static final String NO_PASSWORD = "!imported-union:no-password";

    private final Repository<Union> unions;
    private final UnionTree tree;
    private final CommandGateway commands;
    private final Clock clock;

    UnionImportCommandHandler(Repository<Union> unions, UnionTree tree, CommandGateway commands, Clock clock) {
        this.unions = unions;
        this.tree = tree;
        this.commands = commands;
        this.clock = clock;
    }

    /** A row whose form passed and that duplicates nothing: it becomes a union. */
    private record Accepted(int at, RegisterImportedUnions.Row row, UnionFormValidator.Checked checked) {
    }

    @CommandHandler
    List<ImportedRow> handle(RegisterImportedUnions command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        // Scope (404), then the roles the upload and a typed registration need (403), then the level (400).
        UnionTree.Node district = tree.requireWritable(actor, command.districtId());
        Permission.IMPORT_UNIONS.require(actor);
        Permission.toRegister(UnionLevel.GRASSROOTS).require(actor);
        if (district.level() != UnionLevel.DISTRICT) {
            new Violations().error("unionId", "union.not-district", "基层工会只能导入到区、产业工会",
                    "grassroots unions are imported into district unions only").throwIfAny();
        }
        List<RegisterImportedUnions.Row> rows = command.rows();
        ImportedRow[] outcome = new ImportedRow[rows.size()];
        UnionSiblings siblings = UnionSiblings.of(tree.children(district.unionId()),
                id -> unions.load(id).invoke(Union::profile));
        LocalDate today = LocalDate.now(clock);
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            RegisterImportedUnions.Row row = rows.get(i);
            UnionFormValidator.Checked checked;
            try {
                checked = UnionFormValidator.check(row.form(), UnionLevel.GRASSROOTS, today);
            } catch (InvalidInputException e) {
                outcome[i] = new ImportedRow(row.row(), RowResult.REJECTED, null, e.violations());
                continue;
            }
            ImportedRow duplicate = siblings.duplicateOf(row.row(), checked.profile());
            if (duplicate != null) {
                outcome[i] = duplicate;
            } else {
                siblings.add(row.row(), row.unionId(), checked.profile());
                accepted.add(new Accepted(i, row, checked));
            }
        }
        for (Accepted a : accepted) {
            outcome[a.at()] = register(command.jobId(), district.unionId(), a);
        }
        return List.of(outcome);
    }

    /** As the typed registration: the system code, the union, its operator account (without a password). */
    private ImportedRow register(String jobId, String districtId, Accepted a) throws Exception {
        String unionId = a.row().unionId();
        String code = tree.add(unionId, districtId, UnionLevel.GRASSROOTS);
        Map<String, String> provenance = Map.of(ImportMetadata.JOB, jobId,
                ImportMetadata.ROW, Integer.toString(a.row().row()));
        unions.newInstance(() -> new Union(unionId, districtId, a.checked(), code, provenance));
        commands.sendAndWait(UnionCommandHandler.operatorAccount(code, a.checked().profile().name(), unionId,
                NO_PASSWORD));
        return new ImportedRow(a.row().row(), RowResult.ACCEPTED, unionId, List.of(Violation.warning("systemCode",
                "import.union-registered",
                "已登记，系统编码 " + code + "（即操作员登录名）；操作员账号尚无密码，需重置密码后方可登录",
                "registered with system code " + code + " (the operator's login name); the operator account has"
                        + " no password yet and needs one reset before it can log in")));
    }
}
