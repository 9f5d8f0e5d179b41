package cn.unioncard.registry.events.codes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * 民族 (GB/T 3304): the 56 ethnic groups, 97 其他 and 98 外国血统中国籍人士. The label is the
 * name without 族, as DESIGN lists it; {@link #fullName()} adds it for display. Input may use
 * either form, the code with or without its leading zero, or a legacy name still found on
 * old ID cards (毛难 → 毛南, 崩龙 → 德昂).
 */
public enum EthnicGroup implements CodedValue {
    HAN("01", "汉"),
    MENGGU("02", "蒙古"),
    HUI("03", "回"),
    ZANG("04", "藏"),
    WEIWUER("05", "维吾尔"),
    MIAO("06", "苗"),
    YI("07", "彝"),
    ZHUANG("08", "壮"),
    BUYI("09", "布依"),
    CHAOXIAN("10", "朝鲜"),
    MAN("11", "满"),
    DONG("12", "侗"),
    YAO("13", "瑶"),
    BAI("14", "白"),
    TUJIA("15", "土家"),
    HANI("16", "哈尼"),
    HASAKE("17", "哈萨克"),
    DAI("18", "傣"),
    LI("19", "黎"),
    LISU("20", "傈僳"),
    WA("21", "佤"),
    SHE("22", "畲"),
    GAOSHAN("23", "高山"),
    LAHU("24", "拉祜"),
    SHUI("25", "水"),
    DONGXIANG("26", "东乡"),
    NAXI("27", "纳西"),
    JINGPO("28", "景颇"),
    KEERKEZI("29", "柯尔克孜"),
    TU("30", "土"),
    DAWOER("31", "达斡尔"),
    MULAO("32", "仫佬"),
    QIANG("33", "羌"),
    BULANG("34", "布朗"),
    SALA("35", "撒拉"),
    MAONAN("36", "毛南"),
    GELAO("37", "仡佬"),
    XIBO("38", "锡伯"),
    ACHANG("39", "阿昌"),
    PUMI("40", "普米"),
    TAJIKE("41", "塔吉克"),
    NU("42", "怒"),
    WUZIBIEKE("43", "乌孜别克"),
    ELUOSI("44", "俄罗斯"),
    EWENKE("45", "鄂温克"),
    DEANG("46", "德昂"),
    BAOAN("47", "保安"),
    YUGU("48", "裕固"),
    JING("49", "京"),
    TATAER("50", "塔塔尔"),
    DULONG("51", "独龙"),
    ELUNCHUN("52", "鄂伦春"),
    HEZHE("53", "赫哲"),
    MENBA("54", "门巴"),
    LUOBA("55", "珞巴"),
    JINUO("56", "基诺"),
    OTHER("97", "其他"),
    FOREIGN_ORIGIN("98", "外国血统中国籍人士");

    private static final Map<String, EthnicGroup> ALIASES = aliases();

    private final String code;
    private final String label;

    EthnicGroup(String code, String label) {
        this.code = code;
        this.label = label;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }

    /** The label with 族 (回族, 土家族); 97 and 98 are not ethnic names and stay as they are. */
    public String fullName() {
        return isEthnicGroup() ? label + "族" : label;
    }

    /** The code ("3" or "03"), the name with or without 族, or a legacy name. */
    public static Optional<EthnicGroup> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }

    private boolean isEthnicGroup() {
        return this != OTHER && this != FOREIGN_ORIGIN;
    }

    private static Map<String, EthnicGroup> aliases() {
        Map<String, EthnicGroup> map = new HashMap<>();
        for (EthnicGroup g : values()) {
            map.put(g.fullName(), g);
        }
        // Renamed by the State Council in 1985 (崩龙 → 德昂) and 1986 (毛难 → 毛南).
        map.put("毛难", MAONAN);
        map.put("毛难族", MAONAN);
        map.put("崩龙", DEANG);
        map.put("崩龙族", DEANG);
        return Map.copyOf(map);
    }
}
