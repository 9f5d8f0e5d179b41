package cn.unioncard.registry.events.codes;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Every code table as plain (code, label) lists, for clients to build drop-downs from and for
 * the entry-template generator. Built once; the result is immutable.
 */
public final class CodeTables {

    /** One row of a table: the stored code and the Chinese label. */
    public record Entry(String code, String label) {
    }

    private static final Map<String, List<Entry>> ALL = build();

    private CodeTables() {
    }

    /**
     * Tables keyed education, title-level, occupation, political-status, card-type, id-type,
     * unit-category, ethnic-group, industry-2002, industry-2011, industry-2017 (in that order).
     */
    public static Map<String, List<Entry>> all() {
        return ALL;
    }

    public static Optional<List<Entry>> table(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    private static Map<String, List<Entry>> build() {
        Map<String, List<Entry>> map = new LinkedHashMap<>();
        map.put("education", entries(Education.values()));
        map.put("title-level", entries(TitleLevel.values()));
        map.put("occupation", entries(Occupation.values()));
        map.put("political-status", entries(PoliticalStatus.values()));
        map.put("card-type", entries(CardType.values()));
        map.put("id-type", entries(IdType.values()));
        map.put("unit-category", entries(UnitCategory.values()));
        map.put("ethnic-group", entries(EthnicGroup.values()));
        for (IndustryEdition edition : IndustryEdition.values()) {
            map.put(edition.tableName(), IntStream.range(0, 20)
                    .mapToObj(i -> new Entry(edition.codeAt(i), edition.sectionLabels().get(i)))
                    .toList());
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<Entry> entries(CodedValue[] values) {
        return Arrays.stream(values).map(v -> new Entry(v.code(), v.label())).toList();
    }
}
