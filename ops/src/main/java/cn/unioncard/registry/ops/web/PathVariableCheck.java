package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.validation.Violations;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;

/**
 * Every path variable, decoded, is checked before its handler runs ({@link UnsafeCharacters});
 * only here is it known which part of the path is which variable, so the refusal can name it.
 * Tomcat itself already refuses a {@code %00} anywhere in the path.
 */
@Configuration(proxyBeanMethods = false)
class PathVariableCheck implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            Violations v = new Violations();
            variables.forEach((name, value) -> UnsafeCharacters.check(v, String.valueOf(name), String.valueOf(value)));
            v.throwIfAny();
        }
        return true;
    }
}
