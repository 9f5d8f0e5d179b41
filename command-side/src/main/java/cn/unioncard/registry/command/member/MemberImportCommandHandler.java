package cn.unioncard.registry.command.member;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportMetadata;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RegisterImportedMembers;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberFormValidator;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A chunk of an import's rows, as many registrations in one unit of work: each row is decided
 * (form, one-membership rule) before anything is written, so one bad row never rolls the chunk
 * back, and the lookup, the data keys and the events are each written in one batch.
 */
@Component
class MemberImportCommandHandler {

    private final Repository<Member> members;
    private final MembershipIndex index;
    private final UnionTree tree;
    private final DataKeys keys;
    private final Clock clock;

    MemberImportCommandHandler(Repository<Member> members, MembershipIndex index, UnionTree tree, DataKeys keys,
                        Clock clock) {
        this.members = members;
        this.index = index;
        this.tree = tree;
        this.keys = keys;
        this.clock = clock;
    }

    /** A row whose form passed, waiting for the lookup's answer. */
    private record Candidate(int at, RegisterImportedMembers.Row row, MemberFormValidator.Checked checked) {
        String idNumber() {
            return checked.details().idNumber();
        }
    }

    @CommandHandler
    List<ImportedRow> handle(RegisterImportedMembers command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionTree.Node union = MemberCommandHandler.grassrootsToRegisterIn(tree, actor, command.unionId());
        List<RegisterImportedMembers.Row> rows = command.rows();
        ImportedRow[] outcome = new ImportedRow[rows.size()];
        List<Candidate> candidates = checked(rows, outcome, LocalDate.now(clock));
        Set<String> claimed = index.claimAll(candidates.stream().map(c -> c.row().memberId()).toList(),
                candidates.stream().map(Candidate::idNumber).toList(), union.unionId());
        List<Candidate> accepted = new ArrayList<>(claimed.size());
        List<Candidate> held = new ArrayList<>();
        for (Candidate c : candidates) {
            (claimed.contains(c.row().memberId()) ? accepted : held).add(c);
        }
        decideHeld(held, outcome, actor, union.unionId());
        keys.prepare(accepted.stream().map(c -> c.row().memberId()).toList());
        for (Candidate c : accepted) {
            Map<String, String> provenance = Map.of(ImportMetadata.JOB, command.jobId(),
                    ImportMetadata.ROW, Integer.toString(c.row().row()));
            members.newInstance(() -> new Member(c.row().memberId(), union.unionId(), c.checked(), provenance));
            outcome[c.at()] = new ImportedRow(c.row().row(), RowResult.ACCEPTED, c.row().memberId(),
                    warnings(c.checked()));
        }
        return List.of(outcome);
    }

    /** Checks each form; a failing one is rejected, a repeat of an earlier row's ID number is its duplicate. */
    private static List<Candidate> checked(List<RegisterImportedMembers.Row> rows, ImportedRow[] outcome,
                                           LocalDate today) {
        List<Candidate> candidates = new ArrayList<>(rows.size());
        Map<String, Integer> firstRow = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            RegisterImportedMembers.Row row = rows.get(i);
            MemberFormValidator.Checked checked;
            try {
                checked = MemberFormValidator.check(row.form(), today);
            } catch (InvalidInputException e) {
                outcome[i] = new ImportedRow(row.row(), RowResult.REJECTED, null, e.violations());
                continue;
            }
            Integer first = firstRow.putIfAbsent(checked.details().idNumber(), row.row());
            if (first != null) {
                outcome[i] = new ImportedRow(row.row(), RowResult.DUPLICATE, null, List.of(Violation.warning("idNumber",
                        "import.same-id-in-file", "与第 " + first + " 行证件号码相同",
                        "same ID number as row " + first)));
            } else {
                candidates.add(new Candidate(i, row, checked));
            }
        }
        return candidates;
    }

    /** Rows whose person is already an active member: a duplicate here, a correction to make here, or elsewhere. */
    private void decideHeld(List<Candidate> held, ImportedRow[] outcome, Actor actor, String unionId) {
        if (held.isEmpty()) {
            return;
        }
        Map<String, MembershipIndex.Entry> holders = index.holders(held.stream().map(Candidate::idNumber).toList());
        for (Candidate c : held) {
            MembershipIndex.Entry holder = holders.get(c.idNumber());
            int row = c.row().row();
            if (holder != null && holder.unionId().equals(unionId)) {
                MemberDetails existing = members.load(holder.memberId()).invoke(Member::details);
                outcome[c.at()] = sameData(existing, c.checked().details())
                        ? new ImportedRow(row, RowResult.DUPLICATE, holder.memberId(), List.of(Violation.warning(
                        "idNumber", "import.already-member-same", "该证件号码已是本工会在册会员，信息相同，未重复导入",
                        "already an active member of this union with the same data; not imported again")))
                        : new ImportedRow(row, RowResult.REJECTED, null, List.of(Violation.error("idNumber",
                        "import.already-member-different", "该证件号码已是本工会在册会员（信息不同）：请在会员页更正",
                        "already an active member of this union with different data: correct it on the member's page")));
            } else {
                // Never naming the other union: the report is read by everyone who sees this union, its
                // operator too, who may not see the other one (a reviewer's upload would have named it).
                RegistryProblem elsewhere = MemberCommandHandler.alreadyMember(tree, actor, null);
                outcome[c.at()] = new ImportedRow(row, RowResult.REJECTED, null, List.of(Violation.error("idNumber",
                        "member.already-active", elsewhere.zh(), elsewhere.en())));
            }
        }
    }

    /**
     * The same person with the same data: every field but the date the form was filled, which
     * differs between two fillings of one form and is not data about the member.
     */
    static boolean sameData(MemberDetails existing, MemberDetails row) {
        return Objects.equals(withoutFilledOn(existing), withoutFilledOn(row));
    }

    private static MemberDetails withoutFilledOn(MemberDetails d) {
        return new MemberDetails(d.name(), d.idType(), d.idNumber(), d.idExpiry(), d.idLongTerm(), d.ethnicGroup(),
                d.politicalStatus(), d.education(), d.nationality(), d.titleLevel(), d.mobile(), d.householdProvince(),
                d.householdCity(), d.contactAddress(), d.workStart(), d.unionJoin(), d.socialInsuranceStart(),
                d.socialInsured(), d.ruralHousehold(), d.labourDispatch(), d.labourContract(), d.occupation(), d.cardType(),
                d.employerName(), null);
    }

    /** The form's warnings, accepted as the typed path accepts them, reported with the row. */
    private static List<Violation> warnings(MemberFormValidator.Checked checked) {
        return checked.warnings().stream().map(MemberImportCommandHandler::warning).toList();
    }

    private static Violation warning(String code) {
        return switch (code) {
            case MemberFormValidator.UNION_JOIN_BEFORE_WORK -> Violation.warning("unionJoin", code,
                    "入会时间早于参加工作时间，请核对", "joined the union before starting work: please check");
            case MemberFormValidator.WORK_START_BEFORE_16 -> Violation.warning("workStart", code,
                    "参加工作时未满16周岁，请核对", "started work before the age of 16: please check");
            default -> Violation.warning("form", code, "请核对", "please check");
        };
    }
}
