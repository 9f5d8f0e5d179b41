package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import com.fasterxml.jackson.core.JsonParseException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of ProblemHandler's table, pinned as they were when they were an instanceof chain:
 * status, type, title and detail in both languages, violations and headers.
 */
class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler(
            new org.springframework.beans.factory.support.StaticListableBeanFactory().getBeanProvider(RefusalRecorder.class));

    @Test
    void invalidInputCountsItsViolationsAndListsThem() {
        var thrown = new InvalidInputException(List.of(Violation.error("name", "required", "必填", "required"),
                Violation.error("mobile", "mobile.format", "格式", "format")));
        assertAnswer(thrown, 400, "invalid-input", "输入有误", "Invalid input", "有 2 项输入需要更正",
                "2 field(s) need correcting");
        assertThat((List<?>) body(thrown, false).get("errors")).hasSize(2);
    }

    @Test
    void aRegistryProblemWrappedByAxonKeepsItsKindAndTexts() {
        var thrown = new RuntimeException(new IllegalStateException(RegistryProblem.forbidden("不可", "may not")));
        assertAnswer(thrown, 403, "forbidden", "无权操作", "Forbidden", "不可", "may not");
    }

    @Test
    void aRefusedLoginNamesTheBearerScheme() {
        var thrown = new RegistryProblem(RegistryProblem.Kind.UNAUTHENTICATED, "请先登录", "authentication required");
        assertAnswer(thrown, 401, "unauthenticated", "未登录", "Unauthenticated", "请先登录", "authentication required");
        assertThat(answer(thrown, false).getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void axonsFailuresBecomeStaleVersionConflictAndNotFound() {
        assertAnswer(new ConflictingAggregateVersionException("m1", 1, 2), 412, "stale-version", "版本已过期",
                "Stale version", "数据已被他人修改，请刷新后重试",
                "The resource was changed by someone else; reload it and try again");
        assertAnswer(new ConcurrencyException("taken"), 409, "conflict", "冲突", "Conflict",
                "该记录刚被同时修改或编号已被使用，请刷新后重试",
                "the record was changed at the same moment or the id is in use; reload and try again");
        assertAnswer(new AggregateNotFoundException("m1", "gone"), 404, "not-found", "未找到", "Not found",
                "未找到该资源", "No such resource");
    }

    @Test
    void springMvcsRefusalsKeepTheirStatusAndTexts() throws Exception {
        assertAnswer(new HttpRequestMethodNotSupportedException("PATCH"), 405, "method-not-allowed",
                "不支持该请求方法", "Method not allowed", "该地址不支持此请求方法", "this address does not support that method");
        assertAnswer(new HttpMediaTypeNotSupportedException("text/plain"), 415, "unsupported-media-type",
                "不支持的内容类型", "Unsupported media type", "请以 application/json 发送请求内容",
                "send the request body as application/json");
        assertAnswer(new HttpMediaTypeNotAcceptableException(List.of(MediaType.parseMediaType("application/x-ndjson"))),
                406, "not-acceptable", "无法提供所要求的格式", "Not acceptable", "本接口返回 application/x-ndjson",
                "this endpoint answers application/x-ndjson");
        assertAnswer(new NoResourceFoundException(HttpMethod.GET, "/api/nothing"), 404, "not-found", "未找到",
                "Not found", "没有这个地址", "no such address");
        var missing = new MissingServletRequestParameterException("page", "int");
        assertAnswer(missing, 400, "invalid-input", "输入有误", "Invalid input", "缺少必填参数",
                "a required parameter is missing");
        assertThat(body(missing, true).get("errors")).isEqualTo(List.of(Map.of("field", "page", "code", "required",
                "severity", "ERROR", "message", "a required parameter is missing")));
    }

    @Test
    void anUnreadableBodyIsMalformedJsonUnreadableOrTooLarge() {
        var input = new MockHttpInputMessage(new byte[0]);
        assertAnswer(new HttpMessageNotReadableException("x", new JsonParseException(null, "bad"), input), 400,
                "malformed-json", "请求内容不是有效的 JSON", "Malformed JSON", "请求内容不是有效的 JSON",
                "the request body is not valid JSON");
        assertAnswer(new HttpMessageNotReadableException("x", null, input), 400, "unreadable-body", "无法读取请求内容",
                "Unreadable request body", "请求内容缺失或无法读取", "the request body is missing or unreadable");
        assertAnswer(new HttpMessageNotReadableException("x", new BodySizeLimitFilter.BodyTooLargeException(), input),
                413, "body-too-large", "请求内容过大", "Request body too large", "请求内容不能超过 1 MB",
                "the request body must not exceed 1 MB");
    }

    @Test
    void aDatabaseThatTimesOutIsAnOutageToRetryAndAnythingElseIsABug() {
        var timeout = new QueryTimeoutException("slow");
        assertAnswer(timeout, 503, "database-unavailable", "服务暂时不可用", "Service unavailable",
                "数据库暂时无法访问，请稍后重试；重试时请带上同一个幂等键",
                "the database is unavailable; try again later, with the same Idempotency-Key if you sent one");
        assertThat(answer(timeout, false).getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertAnswer(new IllegalStateException("bug"), 500, "internal-error", "服务器内部错误", "Internal error",
                "服务器出现意外错误，请将关联编号告知管理员",
                "an unexpected error occurred; quote the correlation id to the administrator");
        assertThat(answer(new IllegalStateException("bug"), false).getHeaders().containsKey("Retry-After")).isFalse();
    }

    private void assertAnswer(Throwable thrown, int status, String type, String titleZh, String titleEn,
                              String detailZh, String detailEn) {
        ResponseEntity<Object> zh = answer(thrown, false);
        assertThat(zh.getStatusCode().value()).isEqualTo(status);
        assertThat(zh.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(thrown, false)).containsEntry("type", "/problems/" + type).containsEntry("status", status)
                .containsEntry("title", titleZh).containsEntry("detail", detailZh);
        assertThat(body(thrown, true)).containsEntry("title", titleEn).containsEntry("detail", detailEn);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(Throwable thrown, boolean english) {
        return (Map<String, Object>) answer(thrown, english).getBody();
    }

    private ResponseEntity<Object> answer(Throwable thrown, boolean english) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/x");
        if (english) {
            request.addHeader("Accept-Language", "en");
        }
        return handler.handle(thrown, request);
    }
}
