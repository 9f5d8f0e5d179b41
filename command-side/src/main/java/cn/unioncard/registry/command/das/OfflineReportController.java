package cn.unioncard.registry.command.das;

import cn.unioncard.registry.command.imports.ImportLimits;
import cn.unioncard.registry.command.member.ActiveHolders;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasRefusal;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.events.das.RegistryDasKey;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.StartImport;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.Violations;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;

/**
 * Imports an offline report file (.das) at the district: every check first (the file, the union in the
 * reviewer's subtree, the key, the signature, the members, not imported before), so a refused file leaves
 * nothing behind; then an import job of its members, whose completion records their authorisations and
 * submits them as one batch on the union's behalf ({@link OfflineReportFollowUp}).
 */
@RestController
class OfflineReportController {

    record Accepted(String jobId, String batchId, String fileSha256, int members) {
    }

    private final CommandGateway commands;
    private final UnionTree tree;
    private final OfflineKeyLookup keys;
    private final OfflineReports reports;
    private final ObjectProvider<ImportFiles> files;
    private final ImportLimits limits;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RegistryDasKey registryKey;
    private final ActiveHolders holders;

    OfflineReportController(CommandGateway commands, UnionTree tree, OfflineKeyLookup keys, OfflineReports reports,
                            ObjectProvider<ImportFiles> files, ImportLimits limits, TransactionTemplate transactions,
                            Clock clock, RegistryDasKey registryKey, ActiveHolders holders) {
        this.registryKey = registryKey;
        this.holders = holders;
        this.commands = commands;
        this.tree = tree;
        this.keys = keys;
        this.reports = reports;
        this.files = files;
        this.limits = limits;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping("/api/offline-reports")
    ResponseEntity<Accepted> importReport(HttpServletRequest request, Actor actor) throws IOException {
        // No union in the address: the role first, then the file, then the union it names (404 outside the subtree).
        Permission.IMPORT_OFFLINE_REPORT.require(actor);
        byte[] bytes = read(filePart(request));
        DasFile das = DasFile.open(bytes);
        UnionTree.Node union = tree.findByCode(das.manifest().unionSystemCode())
                .filter(u -> tree.isVisible(actor, u.unionId()))
                .orElseThrow(() -> RegistryProblem.notFound("union"));
        String keyId = das.manifest().keyId();
        if (keyId.equals(registryKey.keyId())) {
            // Made by the registry for a union that works online (GET /api/unions/{id}/offline-report.das).
            das.verify(registryKey.publicKey());
            // It lists members the registry had: it must never register anyone again (an erased or withdrawn
            // member would come back from the copy). Every line must still be an active member of the union.
            int gone = holders.notActiveIn(union.unionId(),
                    das.members().stream().map(m -> m.cells().get("idNumber")).toList());
            if (gone > 0) {
                throw RegistryProblem.conflict("文件中有 " + gone + " 人已不是本工会的在册会员（已退会、转出或个人信息已删除），"
                                + "请重新下载离线上报文件后再导入",
                        gone + " people in the file are no longer active members of the union (withdrawn, transferred "
                                + "or erased); download the offline report again");
            }
        } else {
            OfflineKeyLookup.Key key = keys.find(keyId).filter(k -> k.unionId().equals(union.unionId()))
                    .orElseThrow(DasRefusal.UNKNOWN_KEY::problem);
            if (key.revoked()) {
                throw DasRefusal.REVOKED_KEY.problem();
            }
            das.verify(OfflineKeys.publicKey(key.publicKey()));
        }
        int members = das.members().size();
        if (union.level() != UnionLevel.GRASSROOTS) {
            new Violations().error("file", "union.not-grassroots", "会员只能导入到基层工会",
                    "members are imported into grassroots unions only").throwIfAny();
        }
        String sha = DasFile.sha256(bytes);
        // The replay key is the signed manifest, not the ZIP around it; a refused or failed report may come again.
        OfflineReports.Report earlier = reports.byManifest(das.manifestSha256()).orElse(null);
        if (earlier != null && !reports.retryable(earlier)) {
            throw alreadyImported();
        }
        Accepted accepted = start(bytes, sha, das.manifestSha256(), earlier, union, keyId, actor, members);
        return ResponseEntity.accepted().location(URI.create("/api/imports/" + accepted.jobId())).body(accepted);
    }

    private Accepted start(byte[] bytes, String sha, String manifestSha, OfflineReports.Report earlier,
                           UnionTree.Node union, String keyId, Actor actor, int members) throws IOException {
        ImportFiles store = files.getObject();
        String jobId = UUID.randomUUID().toString();
        String batchId = UUID.randomUUID().toString();
        try (OutputStream out = store.create(jobId, ImportFiles.Part.UPLOAD)) {
            out.write(bytes);
        }
        try {
            transactions.executeWithoutResult(status -> {
                if (earlier != null) {
                    reports.forget(earlier);
                }
                reports.started(new OfflineReports.Report(manifestSha, sha, union.unionId(), keyId, jobId,
                        batchId, actor.username(), OfflineReports.State.IMPORTING, null), clock.instant());
                commands.sendAndWait(new StartImport(jobId, ImportKind.MEMBERS, union.unionId(),
                        "offline-report-" + sha.substring(0, 12) + ".das", sha, bytes.length, store.storeId()));
            });
        } catch (DuplicateKeyException raced) {
            store.delete(jobId);
            throw alreadyImported();
        } catch (RuntimeException | Error refused) {
            store.delete(jobId);
            throw refused;
        }
        return new Accepted(jobId, batchId, sha, members);
    }

    private static RegistryProblem alreadyImported() {
        return RegistryProblem.conflict("该离线上报文件已经导入过", "this offline report file was imported already");
    }

    private byte[] read(MultipartFile file) throws IOException {
        long limit = limits.maxUploadBytes();
        try (InputStream in = file.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                long mb = limit / (1024 * 1024);
                throw new RegistryProblem(RegistryProblem.Kind.BODY_TOO_LARGE, "上传的文件不能超过 " + mb + " MB",
                        "the uploaded file must not exceed " + mb + " MB");
            }
            return bytes;
        }
    }

    private static MultipartFile filePart(HttpServletRequest request) {
        if (!(request instanceof MultipartHttpServletRequest multipart)) {
            throw new RegistryProblem(RegistryProblem.Kind.UNSUPPORTED_MEDIA_TYPE,
                    "请以 multipart/form-data 上传文件（字段 file）", "upload the file as multipart/form-data (part file)");
        }
        MultipartFile file = multipart.getFile("file");
        if (file == null || file.isEmpty()) {
            new Violations().error("file", file == null ? "required" : "file.empty",
                    file == null ? "请上传文件（字段 file）" : "上传的文件是空的",
                    file == null ? "upload the file in the part named file" : "the uploaded file is empty").throwIfAny();
        }
        return file;
    }
}
