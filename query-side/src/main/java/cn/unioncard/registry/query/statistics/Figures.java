package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.codes.CodedValue;
import cn.unioncard.registry.events.codes.Education;
import cn.unioncard.registry.events.codes.EthnicGroup;
import cn.unioncard.registry.events.codes.Occupation;
import cn.unioncard.registry.events.codes.PoliticalStatus;
import cn.unioncard.registry.events.union.UnionLevel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The statistics' answer, built from counted cells the same way for the live projection and the as-of
 * model: the funnel, card types, distributions (age bands from birth years, for the instant's year)
 * and the small-cell suppression of grassroots rows.
 */
final class Figures {

    /** A shown cell of 1–4 people (grassroots rows: sex, age band, ethnic group). */
    static final String SUPPRESSED = "<5";
    /** A cell hidden only so that a {@link #SUPPRESSED} one beside it cannot be worked out from the total. */
    static final String COMPLEMENTARY = "*";

    static final List<String> DISTRIBUTIONS = List.of("education", "occupation", "politicalStatus", "ethnicGroup");
    static final List<String> AGE_BANDS = List.of("<25", "25-34", "35-44", "45-54", "55+", "unknown");
    static final List<String> YES_NO = List.of("ruralHousehold", "labourDispatch", "labourContract");
    static final List<String> FIGURES = List.of("staff", "members", "migrantWorkers", "dispatchedWorkers", "insured");

    /** A union as a row names it. */
    record Union(String id, String parentId, UnionLevel level, String name) {
    }

    /** One union's figures (its whole subtree); sex, ageBand and ethnicGroup cells are numbers or {@code "<5"}. */
    record Row(String unionId, String unionName, UnionLevel level, long grassrootsUnions, Map<String, Long> members,
               Map<String, Long> cardTypes, Map<String, Long> education, Map<String, Long> occupation,
               Map<String, Long> politicalStatus, Map<String, Object> ethnicGroup, Map<String, Object> sex,
               Map<String, Object> ageBand, Map<String, Long> ruralHousehold, Map<String, Long> labourDispatch,
               Map<String, Long> labourContract, Map<String, Long> unionFigures) {
    }

    /** The answer: a row per child union, the requested union's total, and the codes' labels. */
    record Statistics(String unionId, String unionName, UnionLevel level, Instant asOf, List<Row> rows, Row total,
                      Map<String, Map<String, String>> labels) {
    }

    private Figures() {
    }

    static Statistics of(Union union, List<Union> children, Function<String, Map<String, Long>> cells, int year,
                         Instant asOf) {
        List<Row> rows = children.stream().map(c -> row(c, cells.apply(c.id()), year)).toList();
        Row total = row(union, cells.apply(union.id()), year);
        return new Statistics(union.id(), union.name(), union.level(), asOf, rows, total, labels(total));
    }

    static Row row(Union u, Map<String, Long> cells, int year) {
        Map<String, Long> members = new LinkedHashMap<>();
        members.put("registered", get(cells, "members.registered"));
        MemberFacts.FUNNEL.forEach(step -> members.put(step, get(cells, "funnel." + step)));
        members.put("withdrawn", get(cells, "members.withdrawn"));
        members.put("erased", get(cells, "members.erased"));
        Map<String, Long> cardTypes = new LinkedHashMap<>();
        cardTypes.put("appliedDebit", get(cells, "applied.1"));
        cardTypes.put("appliedDebitCredit", get(cells, "applied.2"));
        cardTypes.put("issuedDebit", get(cells, "issued.DEBIT"));
        cardTypes.put("issuedDebitCredit", get(cells, "issued.DEBIT_CREDIT"));
        cardTypes.put("qualificationDeclined", get(cells, "declined"));
        Map<String, Long> sex = new LinkedHashMap<>();
        for (String s : List.of("male", "female", "unknown")) {
            sex.put(s, get(cells, "sex." + s));
        }
        Map<String, Long> ages = new LinkedHashMap<>();
        AGE_BANDS.forEach(b -> ages.put(b, 0L));
        cells.forEach((cell, n) -> {
            if (cell.startsWith("born.") && n != 0) {
                ages.merge(band(cell.substring(5), year), n, Long::sum);
            }
        });
        Map<String, Long> figures = new LinkedHashMap<>();
        FIGURES.forEach(f -> figures.put(f, get(cells, "figure." + f)));
        boolean small = u.level() == UnionLevel.GRASSROOTS;
        return new Row(u.id(), u.name(), u.level(), get(cells, "grassrootsUnions"), members, cardTypes,
                codes(cells, "education"), codes(cells, "occupation"), codes(cells, "politicalStatus"),
                suppressed(codes(cells, "ethnicGroup"), small), suppressed(sex, small), suppressed(ages, small),
                yesNo(cells, "ruralHousehold"), yesNo(cells, "labourDispatch"), yesNo(cells, "labourContract"),
                figures);
    }

    /** Age = the instant's year − the birth year. */
    static String band(String birthYear, int year) {
        if (birthYear.equals("unknown")) {
            return "unknown";
        }
        int age = year - Integer.parseInt(birthYear);
        if (age < 25) {
            return "<25";
        }
        return age < 35 ? "25-34" : age < 45 ? "35-44" : age < 55 ? "45-54" : "55+";
    }

    /**
     * Cells of 1–4 become {@code "<5"}. When that hides exactly one cell, the next smallest non-zero one is
     * hidden too ({@code "*"}: it may hold five or more), so the hidden one cannot be worked out from the
     * row's total; when no such cell exists, the zeros are hidden instead.
     */
    static Map<String, Object> suppressed(Map<String, Long> cells, boolean small) {
        Map<String, Object> shown = new LinkedHashMap<>(cells);
        if (!small) {
            return shown;
        }
        List<String> hidden = new ArrayList<>();
        cells.forEach((k, n) -> {
            if (n >= 1 && n <= 4) {
                hidden.add(k);
            }
        });
        hidden.forEach(k -> shown.put(k, SUPPRESSED));
        if (hidden.size() == 1) {
            cells.entrySet().stream().filter(e -> e.getValue() > 4).min(Map.Entry.comparingByValue())
                    .ifPresentOrElse(e -> shown.put(e.getKey(), COMPLEMENTARY),
                            () -> cells.forEach((k, n) -> {
                                if (n == 0) {
                                    shown.put(k, COMPLEMENTARY);
                                }
                            }));
        }
        return shown;
    }

    private static Map<String, Long> codes(Map<String, Long> cells, String dimension) {
        Map<String, Long> counts = new TreeMap<>();
        String prefix = dimension + ".";
        cells.forEach((cell, n) -> {
            if (cell.startsWith(prefix) && n != 0) {
                counts.put(cell.substring(prefix.length()), n);
            }
        });
        return new LinkedHashMap<>(counts);
    }

    private static Map<String, Long> yesNo(Map<String, Long> cells, String dimension) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("yes", get(cells, dimension + ".yes"));
        counts.put("no", get(cells, dimension + ".no"));
        return counts;
    }

    private static long get(Map<String, Long> cells, String cell) {
        return cells.getOrDefault(cell, 0L);
    }

    /** The labels of the codes the total shows (a child row shows no code its parent's total lacks). */
    private static Map<String, Map<String, String>> labels(Row total) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        labels.put("education", labelled(total.education().keySet(), Education.values()));
        labels.put("occupation", labelled(total.occupation().keySet(), Occupation.values()));
        labels.put("politicalStatus", labelled(total.politicalStatus().keySet(), PoliticalStatus.values()));
        labels.put("ethnicGroup", labelled(total.ethnicGroup().keySet(), EthnicGroup.values()));
        return labels;
    }

    private static Map<String, String> labelled(Iterable<String> codes, CodedValue[] table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String code : codes) {
            out.put(code, Arrays.stream(table).filter(v -> v.code().equals(code)).map(CodedValue::label)
                    .findFirst().orElse(code.equals("unknown") ? "未填写" : code));
        }
        return out;
    }
}
