package cn.unioncard.registry.events.member;

import cn.unioncard.registry.testing.MemberData.Details;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class MemberChangesTest {

    /**
     * The 25 fields of {@link MemberDetails} in declaration order, written out by hand (not by
     * reflection, which is what the code under test uses), each with its accessor.
     */
    private static final Map<String, Function<MemberDetails, Object>> FIELDS = new LinkedHashMap<>();

    /**
     * For each field, a change that always differs from the base value: salt picks the new value
     * (and sometimes null for a nullable field, which also differs from the non-null base).
     */
    private static final Map<String, BiConsumer<Details, Integer>> MUTATIONS = new LinkedHashMap<>();

    static {
        field("name", MemberDetails::name, (d, s) -> d.name = s % 7 == 0 ? null : d.name + "乙" + s);
        field("idType", MemberDetails::idType, (d, s) -> d.idType = "1".equals(d.idType) ? "2" : "1");
        field("idNumber", MemberDetails::idNumber, (d, s) -> d.idNumber = s % 5 == 0 ? null : "E" + (100000 + s));
        field("idExpiry", MemberDetails::idExpiry,
                (d, s) -> d.idExpiry = s % 3 == 0 ? null : d.idExpiry.plusDays(1 + s));
        field("idLongTerm", MemberDetails::idLongTerm, (d, s) -> d.idLongTerm = !d.idLongTerm);
        field("ethnicGroup", MemberDetails::ethnicGroup, (d, s) -> d.ethnicGroup = String.format("%02d", 2 + s % 50));
        field("politicalStatus", MemberDetails::politicalStatus,
                (d, s) -> d.politicalStatus = String.valueOf(2 + s % 3));
        field("education", MemberDetails::education, (d, s) -> d.education = s % 4 == 0 ? null : "9");
        field("nationality", MemberDetails::nationality, (d, s) -> d.nationality = s % 2 == 0 ? "FRA" : "USA");
        field("titleLevel", MemberDetails::titleLevel, (d, s) -> d.titleLevel = s % 2 == 0 ? null : "8");
        field("mobile", MemberDetails::mobile, (d, s) -> d.mobile = "139" + String.format("%08d", s));
        field("householdProvince", MemberDetails::householdProvince, (d, s) -> d.householdProvince = "广东省");
        field("householdCity", MemberDetails::householdCity, (d, s) -> d.householdCity = "城市" + s);
        field("contactAddress", MemberDetails::contactAddress,
                (d, s) -> d.contactAddress = d.contactAddress + " " + s + "室");
        field("workStart", MemberDetails::workStart, (d, s) -> d.workStart = d.workStart.minusMonths(1 + s));
        field("unionJoin", MemberDetails::unionJoin,
                (d, s) -> d.unionJoin = s % 6 == 0 ? null : d.unionJoin.plusMonths(1 + s));
        field("socialInsuranceStart", MemberDetails::socialInsuranceStart,
                (d, s) -> d.socialInsuranceStart = s % 2 == 0 ? null : d.socialInsuranceStart.plusMonths(1 + s));
        field("socialInsured", MemberDetails::socialInsured, (d, s) -> d.socialInsured = !d.socialInsured);
        field("ruralHousehold", MemberDetails::ruralHousehold, (d, s) -> d.ruralHousehold = !d.ruralHousehold);
        field("labourDispatch", MemberDetails::labourDispatch, (d, s) -> d.labourDispatch = !d.labourDispatch);
        field("labourContract", MemberDetails::labourContract, (d, s) -> d.labourContract = !d.labourContract);
        field("occupation", MemberDetails::occupation, (d, s) -> d.occupation = String.valueOf(1 + s % 3));
        field("cardType", MemberDetails::cardType, (d, s) -> d.cardType = "2");
        field("employerName", MemberDetails::employerName, (d, s) -> d.employerName = "新单位" + s);
        field("filledOn", MemberDetails::filledOn, (d, s) -> d.filledOn = d.filledOn.minusDays(1 + s));
    }

    private static void field(String name, Function<MemberDetails, Object> get, BiConsumer<Details, Integer> mutate) {
        FIELDS.put(name, get);
        MUTATIONS.put(name, mutate);
    }

    private static final Set<String> BOOLEAN_FIELDS = Set.of("idLongTerm", "socialInsured", "ruralHousehold",
            "labourDispatch", "labourContract");

    private static MemberDetails base() {
        return MemberData.details(ResidentIds.VALID_ID).build();
    }

    private static MemberDetails mutate(MemberDetails base, Set<String> fields, int salt) {
        Details d = Details.of(base);
        for (String f : fields) {
            MUTATIONS.get(f).accept(d, salt);
        }
        return d.build();
    }

    /** The given fields in declaration order. */
    private static List<String> inOrder(Set<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : FIELDS.keySet()) {
            if (fields.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    // ---- examples ----

    @Test
    void theTestKnowsEveryRecordComponent() {
        assertThat(MemberDetails.class.getRecordComponents()).hasSize(FIELDS.size());
    }

    @Test
    void identicalDetailsHaveNoChanges() {
        assertThat(MemberChanges.changedFields(base(), base())).isEmpty();
    }

    @Test
    void changedFieldsListsExactlyTheDifferingFields() {
        MemberDetails before = base();
        Details after = Details.of(before);
        after.mobile = "13900001111";
        after.idLongTerm = true;
        after.idExpiry = null;
        after.titleLevel = null;
        after.filledOn = LocalDate.of(2026, 11, 27);
        assertThat(MemberChanges.changedFields(before, after.build()))
                .containsExactly("idExpiry", "idLongTerm", "titleLevel", "mobile", "filledOn");
        // and symmetric
        assertThat(MemberChanges.changedFields(after.build(), before))
                .containsExactly("idExpiry", "idLongTerm", "titleLevel", "mobile", "filledOn");
    }

    @Test
    void equalButNotIdenticalValuesAreNotChanges() {
        MemberDetails before = base();
        Details after = Details.of(before);
        after.name = new String(before.name().toCharArray());
        after.workStart = YearMonth.of(before.workStart().getYear(), before.workStart().getMonthValue());
        after.filledOn = LocalDate.parse(before.filledOn().toString());
        assertThat(MemberChanges.changedFields(before, after.build())).isEmpty();
    }

    @Test
    void onlyChangedKeepsOnlyTheNamedFields() {
        Details x = Details.of(base());
        x.mobile = "13900001111";
        x.ruralHousehold = true;
        x.labourContract = true; // same as base, but named: kept
        MemberDetails only = MemberChanges.onlyChanged(x.build(), List.of("mobile", "ruralHousehold", "labourContract"));

        Details expected = new Details(); // every reference null, every boolean false
        expected.mobile = "13900001111";
        expected.ruralHousehold = true;
        expected.labourContract = true;
        assertThat(only).isEqualTo(expected.build());
    }

    @Test
    void onlyChangedWithNoFieldsIsAllDefaults() {
        assertThat(MemberChanges.onlyChanged(base(), List.of())).isEqualTo(new Details().build());
    }

    @Test
    void mergeTakesTheNamedFieldsFromTheChanges() {
        MemberDetails base = base();
        Details changes = new Details();
        changes.mobile = "13900001111";
        changes.socialInsured = false;          // a boolean reset to false is taken when named
        changes.socialInsuranceStart = null;    // and so is a null
        MemberDetails merged = MemberChanges.merge(base, changes.build(),
                List.of("mobile", "socialInsured", "socialInsuranceStart"));

        Details expected = Details.of(base);
        expected.mobile = "13900001111";
        expected.socialInsured = false;
        expected.socialInsuranceStart = null;
        assertThat(merged).isEqualTo(expected.build());
    }

    @Test
    void mergeWithNoFieldsIsTheBase() {
        Details changes = new Details();
        changes.name = "李四";
        assertThat(MemberChanges.merge(base(), changes.build(), List.of())).isEqualTo(base());
    }

    @Test
    void withEmployerChangesOnlyTheEmployer() {
        MemberDetails moved = MemberChanges.withEmployer(base(), "新单位");
        Details expected = Details.of(base());
        expected.employerName = "新单位";
        assertThat(moved).isEqualTo(expected.build());
        assertThat(MemberChanges.changedFields(base(), moved)).containsExactly("employerName");
    }

    @Test
    void aCorrectionEventCarriesOnlyWhatChangedAndReplaysToTheNewDetails() {
        MemberDetails before = base();
        Details x = Details.of(before);
        x.idLongTerm = true;
        x.idExpiry = null;
        x.socialInsured = false;
        x.socialInsuranceStart = null;
        MemberDetails after = x.build();

        List<String> changed = MemberChanges.changedFields(before, after);
        assertThat(changed).containsExactly("idExpiry", "idLongTerm", "socialInsuranceStart", "socialInsured");
        MemberDetails carried = MemberChanges.onlyChanged(after, changed);
        assertThat(MemberChanges.merge(before, carried, changed)).isEqualTo(after);
    }

    // ---- properties over randomly mutated details ----

    @Property
    void changedFieldsAreExactlyTheMutatedOnesInDeclarationOrder(@ForAll("fieldSubsets") Set<String> fields,
                                                                  @ForAll("salts") int salt) {
        MemberDetails base = base();
        MemberDetails x = mutate(base, fields, salt);
        assertThat(MemberChanges.changedFields(base, x)).isEqualTo(inOrder(fields));
        assertThat(MemberChanges.changedFields(x, base)).isEqualTo(inOrder(fields));
        assertThat(MemberChanges.changedFields(x, x)).isEmpty();
    }

    @Property
    void onlyChangedKeepsTheChangedFieldsAndDefaultsTheRest(@ForAll("fieldSubsets") Set<String> fields,
                                                            @ForAll("salts") int salt) {
        MemberDetails x = mutate(base(), fields, salt);
        List<String> changed = MemberChanges.changedFields(base(), x);
        MemberDetails only = MemberChanges.onlyChanged(x, changed);
        for (var e : FIELDS.entrySet()) {
            Object value = e.getValue().apply(only);
            if (changed.contains(e.getKey())) {
                assertThat(value).as(e.getKey()).isEqualTo(e.getValue().apply(x));
            } else if (BOOLEAN_FIELDS.contains(e.getKey())) {
                assertThat(value).as(e.getKey()).isEqualTo(false);
            } else {
                assertThat(value).as(e.getKey()).isNull();
            }
        }
    }

    @Property
    void mergingOnlyTheChangesIntoTheBaseGivesTheNewDetails(@ForAll("fieldSubsets") Set<String> fields,
                                                            @ForAll("salts") int salt) {
        MemberDetails base = base();
        MemberDetails x = mutate(base, fields, salt);
        List<String> changed = MemberChanges.changedFields(base, x);
        assertThat(MemberChanges.merge(base, MemberChanges.onlyChanged(x, changed), changed)).isEqualTo(x);
    }

    @Property
    void mergeIsFieldWise(@ForAll("fieldSubsets") Set<String> taken, @ForAll("fieldSubsets") Set<String> mutated,
                          @ForAll("salts") int salt) {
        MemberDetails base = base();
        MemberDetails other = mutate(base, mutated, salt);
        MemberDetails merged = MemberChanges.merge(base, other, new ArrayList<>(taken));
        for (var e : FIELDS.entrySet()) {
            MemberDetails source = taken.contains(e.getKey()) ? other : base;
            assertThat(e.getValue().apply(merged)).as(e.getKey()).isEqualTo(e.getValue().apply(source));
        }
    }

    @Provide
    Arbitrary<Set<String>> fieldSubsets() {
        return Arbitraries.subsetOf(FIELDS.keySet());
    }

    @Provide
    Arbitrary<Integer> salts() {
        return Arbitraries.integers().between(0, 5000);
    }
}
