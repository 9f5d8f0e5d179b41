package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.command.imports.ImportLimits;
import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.ops.RegistryProperties;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One upload limit, {@code registry.imports.max-upload}, for everything that limits an upload: the
 * multipart parser's file and request sizes (so they cannot disagree with it), the body-size filter's
 * declared-length check and the import's own count of stored bytes. Parts over 1 MB spill to disk.
 */
@Configuration(proxyBeanMethods = false)
public class UploadLimits {

    /** Room for the multipart envelope (boundaries, part headers) around the file itself. */
    static final long ENVELOPE = 64 * 1024;

    private final long maxUpload;
    private final int chunkSize;

    UploadLimits(RegistryProperties properties) {
        RegistryProperties.Imports imports = properties.imports();
        this.maxUpload = imports == null ? 20L * 1024 * 1024 : imports.maxUpload().toBytes();
        this.chunkSize = imports == null ? 1000 : imports.chunkSize();
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

    /** Replaces Spring Boot's (spring.servlet.multipart.*): the limits come from the import setting. */
    @Bean
    MultipartConfigElement multipartConfigElement() {
        return new MultipartConfigElement(null, maxUpload, maxRequestBytes(), 1024 * 1024);
    }

    @Bean
    ImportLimits importLimits() {
        return new ImportLimits(maxUpload, chunkSize);
    }
}
