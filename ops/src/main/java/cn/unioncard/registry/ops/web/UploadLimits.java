package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.command.imports.ImportLimits;
import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.ops.RegistryProperties;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One upload limit, {@code registry.imports.max-upload}, for everything that limits an upload: the
 * multipart parser's file and request sizes (so they cannot disagree with it), the body-size filter's
 * declared-length check and the import's own count of stored bytes.
 */
@Configuration(proxyBeanMethods = false)
public class UploadLimits {

    /** Room for the multipart envelope (boundaries, part headers) around the file itself. */
    static final long ENVELOPE = 64 * 1024;

    private final long maxUpload;
    private final int chunkSize;
    private final Path parts;

    UploadLimits(RegistryProperties properties) {
        RegistryProperties.Imports imports = properties.imports();
        this.maxUpload = imports == null ? 20L * 1024 * 1024 : imports.maxUpload().toBytes();
        this.chunkSize = imports == null ? 1000 : imports.chunkSize();
        this.parts = emptied(properties.dataDir().resolve("upload-parts"));
    }

    long maxRequestBytes() {
        return maxUpload + ENVELOPE;
    }

    Problem tooLarge() {
        long mb = maxUpload / (1024 * 1024);
        return new Problem(Kind.BODY_TOO_LARGE, "上传的文件不能超过 " + mb + " MB",
                "the uploaded file must not exceed " + mb + " MB");
    }

    public static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    /**
     * The upload addresses: only their multipart bodies may pass the 1 MB body limit. The two template
     * imports, and the offline report files (.das) a district imports, which hold up to 5,000 members.
     */
    private static final java.util.regex.Pattern UPLOAD_PATH =
            java.util.regex.Pattern.compile("/api/unions/[^/]+/(member|union)-imports|/api/offline-reports");

    public static boolean isUpload(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && isMultipart(request)
                && UPLOAD_PATH.matcher(request.getRequestURI()).matches();
    }

    /** Replaces Spring Boot's (spring.servlet.multipart.*): the limits come from the import setting. */
    /**
     * Parts over 1 MB spill to {@code <data-dir>/upload-parts} (owner-only), not the system's temp directory:
     * the servlet container deletes them after the request, and whatever a crash left there is deleted at start.
     */
    @Bean
    MultipartConfigElement multipartConfigElement() {
        return new MultipartConfigElement(parts.toString(), maxUpload, maxRequestBytes(), 1024 * 1024);
    }

    private static Path emptied(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (java.util.stream.Stream<Path> left = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) left::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
            } else {
                Files.createDirectories(dir);
            }
            try {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply
            }
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the upload parts directory cannot be prepared", e);
        }
    }

    @Bean
    ImportLimits importLimits() {
        return new ImportLimits(maxUpload, chunkSize);
    }
}
