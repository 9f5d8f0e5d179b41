package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Request bodies outside uploads are at most 1 MB. A declared larger body is refused before it is
 * read; a chunked one is cut off when it passes the limit. A multipart upload may be as large as
 * {@link UploadLimits} allows (Tomcat's multipart limits hold a chunked one to it).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    static final long LIMIT = 1024 * 1024;

    private final ObjectMapper json;
    private final UploadLimits uploads;

    BodySizeLimitFilter(ObjectMapper json, UploadLimits uploads) {
        this.json = json;
        this.uploads = uploads;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (UploadLimits.isUpload(request)) {
            if (request.getContentLengthLong() > uploads.maxRequestBytes()) {
                Problems.write(response, json, uploads.tooLarge().body(request));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > LIMIT) {
            Problems.write(response, json, tooLarge(request));
            return;
        }
        chain.doFilter(new Limited(request), response);
    }

    static final Problem TOO_LARGE = new Problem(Kind.BODY_TOO_LARGE, "请求内容不能超过 1 MB",
            "the request body must not exceed 1 MB");

    public static java.util.Map<String, Object> tooLarge(HttpServletRequest request) {
        return TOO_LARGE.body(request);
    }

    /** Thrown when a body without a declared length passes the limit. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body exceeds " + LIMIT + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > LIMIT) {
                            throw new BodyTooLargeException();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0 && (count += n) > LIMIT) {
                            throw new BodyTooLargeException();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
