package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Requests refused before any controller (the security firewall, a servlet error) reach Boot's
 * /error; answer those with a problem document too, never Boot's default body. Asked for directly
 * (no error being forwarded), /error is no resource of the API: 404, and not in the API description.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        Map<String, Object> body = switch (status) {
            case 400 -> Problems.body(request, 400, "bad-request", "请求无效", "Bad request",
                    "请求的地址或格式无效", "the request address or format is invalid", null);
            case 404 -> Problems.body(request, Kind.NOT_FOUND, "没有这个地址", "no such address", null);
            case 405 -> Problems.body(request, Kind.METHOD_NOT_ALLOWED, "该地址不支持此请求方法",
                    "this address does not support that method", null);
            default -> Problems.body(request, status >= 400 && status < 600 ? status : 500, "request-failed",
                    "请求失败", "Request failed", "请求未能完成，请将关联编号告知管理员",
                    "the request could not be completed; quote the correlation id to the administrator", null);
        };
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) {
            body.put("instance", uri.toString());
        }
        return Problems.entity(body);
    }
}
