package cn.unioncard.registry.it;

import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints the running application maps, read from its handler mappings, so that tests
 * covering "every endpoint" cannot miss one added later.
 */
final class MappedEndpoints {

    /** The method of a mapping that takes every method. */
    static final String ANY = "ANY";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/:]+)(:[^}]*)?}");

    private MappedEndpoints() {
    }

    /** Every handler mapping, keyed "METHOD /pattern". */
    static Map<String, Endpoint> of(ApplicationContext context) {
        Map<String, Endpoint> out = new TreeMap<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
                Set<String> methods = new TreeSet<>();
                e.getKey().getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                if (methods.isEmpty()) {
                    methods.add(ANY);
                }
                List<String> parameters = parameters(e.getValue());
                for (String pattern : e.getKey().getPatternValues()) {
                    for (String method : methods) {
                        out.put(method + " " + pattern, new Endpoint(method, pattern, parameters));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> parameters(HandlerMethod handler) {
        List<String> names = new ArrayList<>();
        for (MethodParameter p : handler.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                String n = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value()
                        : p.getParameterName();
                if (n != null) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    /** A mapped endpoint with its path variables and the query parameters its handler reads. */
    record Endpoint(String method, String pattern, List<String> parameters) {

        List<String> variables() {
            List<String> out = new ArrayList<>();
            Matcher m = VARIABLE.matcher(pattern);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        /** The path with each variable's valid value (encoded), or the given raw override. */
        String path(Map<String, String> valid, Map<String, String> rawOverrides) {
            Matcher m = VARIABLE.matcher(pattern);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value = rawOverrides.containsKey(name) ? rawOverrides.get(name)
                        : URLEncoder.encode(valid.get(name), StandardCharsets.UTF_8).replace("+", "%20");
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
