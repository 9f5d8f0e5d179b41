package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.StartImport;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

/**
 * Uploads of filled-in templates, queued as import jobs. Everything that can be refused is refused
 * before the job exists, and a refused upload leaves no file and no event behind.
 */
@RestController
class ImportUploadController {

    record Accepted(String jobId, String state) {
    }

    private final CommandGateway commands;
    private final UnionTree tree;
    private final ObjectProvider<ImportFiles> files;
    private final ImportLimits limits;

    ImportUploadController(CommandGateway commands, UnionTree tree, ObjectProvider<ImportFiles> files,
                           ImportLimits limits) {
        this.commands = commands;
        this.tree = tree;
        this.files = files;
        this.limits = limits;
    }

    @PostMapping("/api/unions/{unionId}/member-imports")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<Accepted> members(@PathVariable String unionId, HttpServletRequest request, Actor actor)
            throws IOException {
        return upload(ImportKind.MEMBERS, unionId, request, actor);
    }

    @PostMapping("/api/unions/{districtId}/union-imports")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<Accepted> unions(@PathVariable String districtId, HttpServletRequest request, Actor actor)
            throws IOException {
        return upload(ImportKind.UNIONS, districtId, request, actor);
    }

    private ResponseEntity<Accepted> upload(ImportKind kind, String unionId, HttpServletRequest request, Actor actor)
            throws IOException {
        ImportAccess.require(tree, actor, kind, unionId);
        MultipartFile file = filePart(request);
        ImportFiles store = files.getObject();
        String jobId = UUID.randomUUID().toString();
        String started;
        try {
            StoredUpload stored;
            try (InputStream in = file.getInputStream()) {
                stored = StoredUpload.store(store, jobId, in, limits.maxUploadBytes());
            }
            try (InputStream in = store.open(jobId, ImportFiles.Part.UPLOAD); ImportSheet sheet = ImportSheet.open(in, kind)) {
                // Opening checks the type, the limits and the header; the rows are the runner's.
            }
            started = commands.sendAndWait(new StartImport(jobId, kind, unionId, FileNames.shown(file),
                    stored.sha256(), stored.sizeBytes(), store.storeId()));
        } catch (RuntimeException | IOException | Error refused) {
            store.delete(jobId);
            throw refused;
        }
        if (!jobId.equals(started)) {
            // A retry with the same Idempotency-Key: the first upload's job answers, this copy goes.
            store.delete(jobId);
        }
        return ResponseEntity.accepted().location(URI.create("/api/imports/" + started))
                .body(new Accepted(started, ImportJob.State.QUEUED.name()));
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
