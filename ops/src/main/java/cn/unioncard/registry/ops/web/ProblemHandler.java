package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.ops.database.DatabaseOutage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every failure becomes a problem document. Known refusals keep their own status; anything
 * unexpected is a 500 with the correlation id to quote, and is a bug to fix.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Throwable.class)
    ResponseEntity<Object> handle(Throwable thrown, HttpServletRequest request) {
        // First: whatever a failure looks like on top, a lost database connection beneath it is an outage.
        if (DatabaseOutage.causedBy(thrown)) {
            return databaseUnavailable(request, thrown);
        }
        Throwable t = unwrap(thrown);
        if (t instanceof InvalidInputException e) {
            return problem(request, 400, "invalid-input", "输入有误", "Invalid input",
                    "有 " + e.violations().size() + " 项输入需要更正", e.violations().size() + " field(s) need correcting",
                    e.violations());
        }
        if (t instanceof RegistryProblem p) {
            return problem(request, p.kind().status, p.kind().type, titleZh(p.kind()), titleEn(p.kind()),
                    p.zh(), p.en(), null);
        }
        if (t instanceof ConflictingAggregateVersionException) {
            RegistryProblem p = RegistryProblem.staleVersion();
            return problem(request, 412, p.kind().type, titleZh(p.kind()), titleEn(p.kind()), p.zh(), p.en(), null);
        }
        if (t instanceof ConcurrencyException) {
            return problem(request, 409, "conflict", "冲突", "Conflict", "该记录刚被同时修改或编号已被使用，请刷新后重试",
                    "the record was changed at the same moment or the id is in use; reload and try again", null);
        }
        if (t instanceof AggregateNotFoundException) {
            return problem(request, 404, "not-found", "未找到", "Not found", "未找到该资源", "No such resource", null);
        }
        if (t instanceof HttpMessageNotReadableException e) {
            return unreadable(request, e);
        }
        if (t instanceof BodySizeLimitFilter.BodyTooLargeException) {
            return Problems.entity(BodySizeLimitFilter.tooLarge(request));
        }
        if (t instanceof MethodArgumentTypeMismatchException e) {
            return badInput(request, e.getName(), "type.mismatch", "参数格式不正确", "the parameter has the wrong format");
        }
        if (t instanceof MissingServletRequestParameterException e) {
            return badInput(request, e.getParameterName(), "required", "缺少必填参数", "a required parameter is missing");
        }
        if (t instanceof MissingRequestHeaderException e) {
            return badInput(request, e.getHeaderName(), "required", "缺少必需的请求头", "a required header is missing");
        }
        if (t instanceof HttpMediaTypeNotSupportedException) {
            return problem(request, 415, "unsupported-media-type", "不支持的内容类型", "Unsupported media type",
                    "请以 application/json 发送请求内容", "send the request body as application/json", null);
        }
        if (t instanceof HttpMediaTypeNotAcceptableException e) {
            // Name what this endpoint really answers (the export is NDJSON, not JSON).
            String offered = e.getSupportedMediaTypes().isEmpty() ? "application/json"
                    : e.getSupportedMediaTypes().stream().map(m -> m.getType() + "/" + m.getSubtype()).distinct()
                            .collect(Collectors.joining(", "));
            return problem(request, 406, "not-acceptable", "无法提供所要求的格式", "Not acceptable",
                    "本接口返回 " + offered, "this endpoint answers " + offered, null);
        }
        if (t instanceof HttpRequestMethodNotSupportedException) {
            return problem(request, 405, "method-not-allowed", "不支持该请求方法", "Method not allowed",
                    "该地址不支持此请求方法", "this address does not support that method", null);
        }
        if (t instanceof NoResourceFoundException) {
            return problem(request, 404, "not-found", "未找到", "Not found", "没有这个地址", "no such address", null);
        }
        if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException) {
            return databaseUnavailable(request, t);
        }
        log.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), thrown);
        return problem(request, 500, "internal-error", "服务器内部错误", "Internal error",
                "服务器出现意外错误，请将关联编号告知管理员", "an unexpected error occurred; quote the correlation id to "
                        + "the administrator", null);
    }

    /**
     * 503 with Retry-After. It does not claim the request was not processed: the database may have
     * gone during the commit itself. A retry with the same Idempotency-Key is safe either way.
     */
    private static ResponseEntity<Object> databaseUnavailable(HttpServletRequest request, Throwable thrown) {
        // The exception's class only: driver messages may quote the statement's values.
        log.warn("Database unavailable while serving {} {}: {}", request.getMethod(), request.getRequestURI(),
                thrown.getClass().getSimpleName());
        return ResponseEntity.status(503).header("Retry-After", "5").contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(request, 503, "database-unavailable", "服务暂时不可用", "Service unavailable",
                        "数据库暂时无法访问，请稍后重试；重试时请带上同一个幂等键", "the database is unavailable; try again "
                                + "later, with the same Idempotency-Key if you sent one", null));
    }

    private ResponseEntity<Object> unreadable(HttpServletRequest request, HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodySizeLimitFilter.BodyTooLargeException
                || (cause != null && cause.getCause() instanceof BodySizeLimitFilter.BodyTooLargeException)) {
            return Problems.entity(BodySizeLimitFilter.tooLarge(request));
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return badInput(request, path(u), "unknown-field", "不认识的字段", "unknown field");
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof JsonInputCheck.UnsafeText u) {
                Violation refused = u.violation();
                return problem(request, 400, "invalid-input", "输入有误", "Invalid input", refused.zh(), refused.en(),
                        List.of(refused));
            }
        }
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return badInput(request, path(m), "type.mismatch", "字段类型不正确", "the field has the wrong type");
        }
        if (cause instanceof JsonProcessingException) {
            return problem(request, 400, "malformed-json", "请求内容不是有效的 JSON", "Malformed JSON",
                    "请求内容不是有效的 JSON", "the request body is not valid JSON", null);
        }
        return problem(request, 400, "unreadable-body", "无法读取请求内容", "Unreadable request body",
                "请求内容缺失或无法读取", "the request body is missing or unreadable", null);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static ResponseEntity<Object> badInput(HttpServletRequest request, String field, String code,
                                                   String zh, String en) {
        return problem(request, 400, "invalid-input", "输入有误", "Invalid input", zh, en,
                List.of(Violation.error(field, code, zh, en)));
    }

    private static ResponseEntity<Object> problem(HttpServletRequest request, int status, String type,
                                                  String titleZh, String titleEn, String zh, String en,
                                                  List<Violation> violations) {
        ResponseEntity<Object> entity = Problems.entity(Problems.body(request, status, type, titleZh, titleEn, zh,
                en, violations));
        if (status == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme to authenticate with.
            return ResponseEntity.status(401).headers(entity.getHeaders())
                    .header("WWW-Authenticate", "Bearer").body(entity.getBody());
        }
        return entity;
    }

    /** Axon's gateways and futures wrap the handler's exception; the original decides the answer. */
    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current instanceof InvalidInputException || current instanceof RegistryProblem
                    || current instanceof ConflictingAggregateVersionException
                    || current instanceof ConcurrencyException
                    || current instanceof AggregateNotFoundException) {
                return current;
            }
            current = current.getCause();
        }
        return t;
    }

    private static String titleZh(RegistryProblem.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> "未找到";
            case FORBIDDEN -> "无权操作";
            case CONFLICT -> "冲突";
            case PRECONDITION_FAILED -> "版本已过期";
            case PRECONDITION_REQUIRED -> "缺少版本";
            case UNAUTHENTICATED -> "未登录";
            case ACCOUNT_LOCKED -> "账号已锁定";
            case ACCESS_LOG_UNAVAILABLE -> "访问记录暂时无法写入";
            case IDEMPOTENCY_KEY_REUSED -> "幂等键已用于其他请求";
        };
    }

    private static String titleEn(RegistryProblem.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Forbidden";
            case CONFLICT -> "Conflict";
            case PRECONDITION_FAILED -> "Stale version";
            case PRECONDITION_REQUIRED -> "Version required";
            case UNAUTHENTICATED -> "Unauthenticated";
            case ACCOUNT_LOCKED -> "Account locked";
            case ACCESS_LOG_UNAVAILABLE -> "Access log unavailable";
            case IDEMPOTENCY_KEY_REUSED -> "Idempotency key reused";
        };
    }
}
