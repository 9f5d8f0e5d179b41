package cn.unioncard.registry.ops.idempotency;

import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.ops.web.BodySizeLimitFilter;
import cn.unioncard.registry.ops.web.Problems;
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

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@code Idempotency-Key} of a POST, PUT or PATCH (DESIGN.md §5) and what the request
 * asks (method, address, body) as a SHA-256 fingerprint, for {@link IdempotentCommands}. The body,
 * at most 1 MB by then, is read here once and served again to the controller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class IdempotencyKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String KEY = IdempotencyKeyFilter.class.getName() + ".key";
    static final String FINGERPRINT = IdempotencyKeyFilter.class.getName() + ".fingerprint";
    /** Visible ASCII, as a UUID or any client token is; long enough for both. */
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final ObjectMapper json;

    IdempotencyKeyFilter(ObjectMapper json) {
        this.json = json;
    }

    /** Logins and password changes are never answered from a store: each one is checked afresh. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null
                || !List.of("POST", "PUT", "PATCH").contains(request.getMethod())
                || request.getRequestURI().startsWith("/api/auth/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).trim();
        if (!VALID.matcher(key).matches()) {
            Problems.write(response, json, Problems.body(request, 400, "invalid-input", "输入有误", "Invalid input",
                    "幂等键须为 1–128 个可见 ASCII 字符", "an Idempotency-Key has 1–128 visible ASCII characters",
                    List.of(new Violation(HEADER, "idempotency-key.format", Violation.Severity.ERROR,
                            "幂等键须为 1–128 个可见 ASCII 字符", "an Idempotency-Key has 1–128 visible ASCII characters"))));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodySizeLimitFilter.BodyTooLargeException e) {
            Problems.write(response, json, BodySizeLimitFilter.tooLarge(request));
            return;
        }
        request.setAttribute(KEY, key);
        request.setAttribute(FINGERPRINT, fingerprint(request, body));
        chain.doFilter(new Replayed(request, body), response);
    }

    private static byte[] fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String query = request.getQueryString();
            sha.update((request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The request with its body, already read, served again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(encoding)));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }
    }
}
