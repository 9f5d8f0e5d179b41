package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.audit.DenialKind;
import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.ops.database.DatabaseOutage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every failure becomes a problem document. Known refusals keep their own status; anything
 * unexpected is a 500 with the correlation id to quote, and is a bug to fix. Which failure is
 * which problem is a table (below); status, type and titles come from its {@link Kind}.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /**
     * 503 with Retry-After. It does not claim the request was not processed: the database may have
     * gone during the commit itself. A retry with the same Idempotency-Key is safe either way.
     */
    private static final Problem DATABASE_UNAVAILABLE = new Problem(Kind.DATABASE_UNAVAILABLE,
            "数据库暂时无法访问，请稍后重试；重试时请带上同一个幂等键", "the database is unavailable; try again "
            + "later, with the same Idempotency-Key if you sent one");

    private static final Problem INTERNAL_ERROR = new Problem(Kind.INTERNAL_ERROR,
            "服务器出现意外错误，请将关联编号告知管理员", "an unexpected error occurred; quote the correlation id to "
            + "the administrator");

    /** The registry's own refusals: Axon's gateways and futures wrap them, so any cause may be one. */
    private static final Answers WRAPPED = new Answers()
            .on(InvalidInputException.class, e -> new Problem(Kind.INVALID_INPUT,
                    "有 " + e.violations().size() + " 项输入需要更正", e.violations().size() + " field(s) need correcting",
                    e.violations()))
            .on(RegistryProblem.class, p -> new Problem(p.kind(), p.zh(), p.en()))
            .on(ConflictingAggregateVersionException.class, e -> {
                RegistryProblem p = RegistryProblem.staleVersion();
                return new Problem(p.kind(), p.zh(), p.en());
            })
            .on(ConcurrencyException.class, e -> new Problem(Kind.CONFLICT,
                    "该记录刚被同时修改或编号已被使用，请刷新后重试",
                    "the record was changed at the same moment or the id is in use; reload and try again"))
            // Two processes creating one aggregate (an account's user name) at once: the second lost.
            .on(AggregateStreamCreationException.class, e -> new Problem(Kind.CONFLICT,
                    "该记录刚被同时修改或编号已被使用，请刷新后重试",
                    "the record was changed at the same moment or the id is in use; reload and try again"))
            .on(AggregateNotFoundException.class, e -> new Problem(Kind.NOT_FOUND, "未找到该资源", "No such resource"));

    /** Refusals of Spring MVC and the database, answered as thrown. */
    private static final Answers FRAMEWORK = new Answers()
            .on(HttpMessageNotReadableException.class, ProblemHandler::unreadable)
            .on(BodySizeLimitFilter.BodyTooLargeException.class, e -> BodySizeLimitFilter.TOO_LARGE)
            .on(MethodArgumentTypeMismatchException.class, e -> badInput(e.getName(), "type.mismatch",
                    "参数格式不正确", "the parameter has the wrong format"))
            .on(MissingServletRequestParameterException.class, e -> badInput(e.getParameterName(), "required",
                    "缺少必填参数", "a required parameter is missing"))
            .on(MissingRequestHeaderException.class, e -> badInput(e.getHeaderName(), "required",
                    "缺少必需的请求头", "a required header is missing"))
            .on(HttpMediaTypeNotSupportedException.class, e -> new Problem(Kind.UNSUPPORTED_MEDIA_TYPE,
                    "请以 application/json 发送请求内容", "send the request body as application/json"))
            .on(HttpMediaTypeNotAcceptableException.class, ProblemHandler::notAcceptable)
            .on(HttpRequestMethodNotSupportedException.class, e -> new Problem(Kind.METHOD_NOT_ALLOWED,
                    "该地址不支持此请求方法", "this address does not support that method"))
            .on(NoResourceFoundException.class, e -> new Problem(Kind.NOT_FOUND, "没有这个地址", "no such address"))
            // An upload past the multipart limits (made from registry.imports.max-upload: UploadLimits).
            .on(MaxUploadSizeExceededException.class, e -> new Problem(Kind.BODY_TOO_LARGE,
                    "上传的文件超过了允许的大小", "the uploaded file is larger than allowed"))
            .on(MultipartException.class, e -> new Problem(Kind.UNREADABLE_BODY,
                    "上传的内容不是完整的 multipart/form-data", "the upload is not complete multipart/form-data"))
            .on(DataAccessResourceFailureException.class, e -> DATABASE_UNAVAILABLE)
            .on(TransientDataAccessException.class, e -> DATABASE_UNAVAILABLE);

    private final ObjectProvider<RefusalRecorder> refusals;

    ProblemHandler(ObjectProvider<RefusalRecorder> refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(Throwable.class)
    ResponseEntity<Object> handle(Throwable thrown, HttpServletRequest request) {
        // First: whatever a failure looks like on top, a lost database connection beneath it is an outage.
        Problem own = DatabaseOutage.causedBy(thrown) ? null : own(thrown);
        Problem problem = DatabaseOutage.causedBy(thrown) ? DATABASE_UNAVAILABLE : own != null ? own : framework(thrown);
        // Only the registry's own refusals are denied attempts (an unmapped address is nobody's scope).
        DenialKind denial = own == null ? null : DeniedAttempts.of(own, request);
        if (denial != null) {
            refusals.ifAvailable(r -> r.refused(denial, request));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.kind().status);
        if (problem.kind() == Kind.DATABASE_UNAVAILABLE) {
            // The exception's class only: driver messages may quote the statement's values.
            log.warn("Database unavailable while serving {} {}: {}", request.getMethod(), request.getRequestURI(),
                    thrown.getClass().getSimpleName());
            response.header("Retry-After", "5");
        } else if (problem.kind() == Kind.INTERNAL_ERROR) {
            log.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), thrown);
        }
        response.contentType(Problems.PROBLEM_JSON);
        if (problem.kind().status == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme to authenticate with.
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.body(problem.body(request));
    }

    /** The registry's own refusal somewhere down the causes, or null. */
    private static Problem own(Throwable thrown) {
        Throwable cause = thrown;
        for (int depth = 0; depth < 10 && cause != null; depth++, cause = cause.getCause()) {
            Problem own = WRAPPED.answer(cause);
            if (own != null) {
                return own;
            }
        }
        return null;
    }

    private static Problem framework(Throwable thrown) {
        Problem framework = FRAMEWORK.answer(thrown);
        return framework != null ? framework : INTERNAL_ERROR;
    }

    private static Problem unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodySizeLimitFilter.BodyTooLargeException
                || (cause != null && cause.getCause() instanceof BodySizeLimitFilter.BodyTooLargeException)) {
            return BodySizeLimitFilter.TOO_LARGE;
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return badInput(path(u), "unknown-field", "不认识的字段", "unknown field");
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof JsonInputCheck.UnsafeText u) {
                Violation refused = u.violation();
                return new Problem(Kind.INVALID_INPUT, refused.zh(), refused.en(), List.of(refused));
            }
        }
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return badInput(path(m), "type.mismatch", "字段类型不正确", "the field has the wrong type");
        }
        if (cause instanceof JsonProcessingException) {
            return new Problem(Kind.MALFORMED_JSON, "请求内容不是有效的 JSON", "the request body is not valid JSON");
        }
        return new Problem(Kind.UNREADABLE_BODY, "请求内容缺失或无法读取", "the request body is missing or unreadable");
    }

    /** Name what this endpoint really answers (the export is NDJSON, not JSON). */
    private static Problem notAcceptable(HttpMediaTypeNotAcceptableException e) {
        String offered = e.getSupportedMediaTypes().isEmpty() ? "application/json"
                : e.getSupportedMediaTypes().stream().map(m -> m.getType() + "/" + m.getSubtype()).distinct()
                        .collect(Collectors.joining(", "));
        return new Problem(Kind.NOT_ACCEPTABLE, "本接口返回 " + offered, "this endpoint answers " + offered);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static Problem badInput(String field, String code, String zh, String en) {
        return new Problem(Kind.INVALID_INPUT, zh, en, List.of(Violation.error(field, code, zh, en)));
    }

    /**
     * Exception class to problem. The nearest class up a failure's hierarchy answers, so a subclass
     * (a conflicting version is a concurrency failure) can answer differently from its parent.
     */
    private static final class Answers {

        private final Map<Class<?>, Function<Throwable, Problem>> byClass = new HashMap<>();

        <T extends Throwable> Answers on(Class<T> type, Function<? super T, Problem> answer) {
            byClass.put(type, t -> answer.apply(type.cast(t)));
            return this;
        }

        /** The problem {@code t} is, or null if this table does not know it. */
        Problem answer(Throwable t) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                Function<Throwable, Problem> answer = byClass.get(c);
                if (answer != null) {
                    return answer.apply(t);
                }
            }
            return null;
        }
    }
}
