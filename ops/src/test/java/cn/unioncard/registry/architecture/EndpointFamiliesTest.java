package cn.unioncard.registry.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per endpoint family. A family is the first segment after {@code /api/}, except that a
 * collection nested under another family's item ({@code /api/unions/{id}/members}) belongs to the
 * nested family when that is a family of its own ({@code /api/members}). All mappings of a family
 * come from one capability: {@code command.<c>} and {@code query.<c>} (its two sides) count as
 * capability {@code c}, any other package as itself. The audit family lives in integrity (the chain, the event
 * stream) and query.audit (the access log and reports read from the query side's projections), one capability.
 */
class EndpointFamiliesTest {

    private static final String ROOT = "cn.unioncard.registry.";
    /** Under a member or a batch, these belong to the cards (the card application papers stay the batch's). */
    private static final Set<String> CARD_SEGMENTS = Set.of("card", "card-issuance", "card-handouts",
            "sign-off-sheet.xlsx");

    /** A mapped path and the class that maps it. */
    record Mapping(String path, JavaClass owner) {
    }

    @Test
    void everyApiFamilyIsMappedByOneCapability() {
        Map<String, Set<String>> capabilities = new TreeMap<>();
        Map<String, Set<String>> classes = new TreeMap<>();
        List<Mapping> mappings = apiMappings();
        Set<String> families = mappings.stream().map(m -> segments(m.path()).get(0)).collect(Collectors.toSet());
        for (Mapping m : mappings) {
            String family = familyOf(m.path(), families);
            capabilities.computeIfAbsent(family, f -> new TreeSet<>()).add(capabilityOf(m.owner().getPackageName()));
            classes.computeIfAbsent(family, f -> new TreeSet<>()).add(m.owner().getName());
        }
        assertThat(capabilities).as("families found").containsKeys("unions", "members", "users", "audit");
        // The audit family has two homes, held by the test below: the chain (integrity) and the access records.
        List<String> shared = capabilities.entrySet().stream().filter(e -> !e.getKey().equals("audit"))
                .filter(e -> e.getValue().size() > 1)
                .map(e -> "/api/" + e.getKey() + "/ is mapped by " + classes.get(e.getKey())).toList();
        assertThat(shared).as("families mapped by more than one capability").isEmpty();
    }

    /** The chain's endpoints (integrity) and the DPO's workbench over the access records (query.audit and below). */
    @Test
    void auditEndpointsLiveOnlyInTheIntegrityAndAccessRecordPackages() {
        List<String> elsewhere = apiMappings().stream().filter(m -> m.path().startsWith("/api/audit/"))
                .filter(m -> !m.owner().getPackageName().equals(ROOT + "integrity")
                        && !m.owner().getPackageName().startsWith(ROOT + "query.audit"))
                .map(m -> m.path() + " in " + m.owner().getName()).toList();
        assertThat(elsewhere).isEmpty();
    }

    /** {@code command.member} and {@code query.member} are both "member"; integrity is "audit"; ops.projections is itself. */
    static String capabilityOf(String pkg) {
        String relative = pkg.substring(ROOT.length());
        if (relative.equals("integrity")) {
            return "audit";
        }
        String[] parts = relative.split("\\.");
        return (parts[0].equals("command") || parts[0].equals("query")) && parts.length > 1 ? parts[1] : relative;
    }

    /**
     * An upload nested under a union ({@code /api/unions/{id}/member-imports}) belongs to the imports, a union's
     * offline keys and report file ({@code /api/unions/{id}/offline-keys}) to the offline reports.
     */
    static String familyOf(String path, Set<String> families) {
        List<String> s = segments(path);
        if (s.size() == 3 && s.get(1).startsWith("{") && s.get(2).endsWith("-imports")) {
            return "imports";
        }
        if (s.size() >= 3 && s.get(1).startsWith("{") && s.get(2).startsWith("offline-")) {
            return "offline-reports"; // a union's offline keys and its report file belong to the offline reports (das)
        }
        if (s.size() >= 3 && s.get(1).startsWith("{") && CARD_SEGMENTS.contains(s.get(2))) {
            return "cards"; // a member's card, a batch's card issuance, hand-outs and sign-off sheet (card)
        }
        if (s.size() >= 3 && s.get(1).startsWith("{") && families.contains(s.get(2))) {
            return s.get(2);
        }
        return s.get(0);
    }

    private static List<String> segments(String path) {
        return List.of(path.substring("/api/".length()).split("/"));
    }

    /** Every request mapping under /api/ of the main classes: the class's prefix joined to each method's path. */
    static List<Mapping> apiMappings() {
        List<Mapping> mappings = new ArrayList<>();
        for (JavaClass c : RegistryClasses.imported()) {
            if (!c.isAnnotatedWith("org.springframework.web.bind.annotation.RestController")) {
                continue;
            }
            Class<?> type = c.reflect();
            RequestMapping onClass = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            List<String> prefixes = onClass == null || onClass.path().length == 0 ? List.of("")
                    : List.of(onClass.path());
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (onMethod == null) {
                    continue;
                }
                List<String> paths = onMethod.path().length == 0 ? List.of("") : List.of(onMethod.path());
                for (String prefix : prefixes) {
                    for (String path : paths) {
                        String full = prefix + path;
                        if (full.startsWith("/api/")) {
                            mappings.add(new Mapping(full, c));
                        }
                    }
                }
            }
        }
        return mappings;
    }
}
