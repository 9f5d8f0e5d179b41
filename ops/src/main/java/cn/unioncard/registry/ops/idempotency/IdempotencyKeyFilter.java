package cn.unioncard.registry.ops.idempotency;

import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.ops.web.BodySizeLimitFilter;
import cn.unioncard.registry.ops.web.Problems;
import cn.unioncard.registry.privacy.MasterKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import jakarta.servlet.http.Part;
import cn.unioncard.registry.ops.web.UploadLimits;
import java.util.regex.Pattern;

/**
 * Reads the {@code Idempotency-Key} of an authenticated POST, PUT or PATCH (docs/design.md §5) and a
 * fingerprint of what the request asks (method, address, If-Match, body), for
 * {@link IdempotentCommands}. The fingerprint is keyed (HMAC under the master key): the body may be
 * a member's form. Runs after authentication, so nobody unknown makes the registry buffer a body;
 * the body, at most 1 MB by then, is read here once and served again to the controller.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 1)
class IdempotencyKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String KEY = IdempotencyKeyFilter.class.getName() + ".key";
    static final String FINGERPRINT = IdempotencyKeyFilter.class.getName() + ".fingerprint";
    /** Visible ASCII, as a UUID or any client token is; long enough for both. */
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final ObjectMapper json;
    private final MasterKey master;

    IdempotencyKeyFilter(ObjectMapper json, MasterKey master) {
        this.json = json;
        this.master = master;
    }

    /**
     * Only for someone authenticated. Logins and password changes are never answered from a store
     * ({@link IdempotentCommands} checks that by command, whatever the address looked like).
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return request.getHeader(HEADER) == null
                || !List.of("POST", "PUT", "PATCH").contains(request.getMethod())
                || auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).trim();
        if (!VALID.matcher(key).matches()) {
            Problems.write(response, json, Problems.body(request, Kind.INVALID_INPUT,
                    "幂等键须为 1–128 个可见 ASCII 字符", "an Idempotency-Key has 1–128 visible ASCII characters",
                    List.of(new Violation(HEADER, "idempotency-key.format", Violation.Severity.ERROR,
                            "幂等键须为 1–128 个可见 ASCII 字符", "an Idempotency-Key has 1–128 visible ASCII characters"))));
            return;
        }
        if (UploadLimits.isUpload(request)) {
            byte[] parts;
            try {
                parts = partDigests(request);
            } catch (IllegalStateException | IOException | ServletException unparsable) {
                // Too large or broken: the dispatcher meets the same failure and answers its problem.
                chain.doFilter(request, response);
                return;
            }
            request.setAttribute(KEY, key);
            request.setAttribute(FINGERPRINT, fingerprint(request, parts));
            chain.doFilter(request, response);
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

    /**
     * An upload is fingerprinted by its parts (name, file name, SHA-256 of the content), not its bytes
     * on the wire: a client's retry may choose a new multipart boundary. The parts are parsed here
     * (spilled to disk past 1 MB) and parsed once only: the dispatcher reuses them.
     */
    private static byte[] partDigests(HttpServletRequest request) throws IOException, ServletException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Part part : request.getParts()) {
            MessageDigest sha = sha256();
            try (InputStream in = part.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            all.writeBytes((part.getName() + "\n" + part.getSubmittedFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            all.writeBytes(sha.digest());
        }
        return all.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private byte[] fingerprint(HttpServletRequest request, byte[] body) {
        String query = request.getQueryString();
        String ifMatch = request.getHeader("If-Match");
        byte[] head = (request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query)
                + "\nIf-Match: " + (ifMatch == null ? "" : ifMatch) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return master.mac("idempotency-fingerprint", all);
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
