package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.events.validation.OrganisationCode;
import cn.unioncard.registry.events.validation.ResidentIdNumber;
import cn.unioncard.registry.events.validation.SocialCreditCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The templates' example rows show numbers a clerk could copy the shape of: each passes its own check. */
class SheetExamplesTest {

    private static String example(List<SheetColumn> columns, String field) {
        return columns.stream().filter(c -> c.field().equals(field)).findFirst().orElseThrow().example();
    }

    @Test
    void the_member_examples_id_number_passes_its_check_character() {
        assertThat(ResidentIdNumber.parse(example(MemberSheet.COLUMNS, "idNumber"), cn.unioncard.registry.testing.Today.inXiamen())
                .errorCode()).isEmpty();
    }

    @Test
    void the_union_examples_credit_code_and_organisation_code_pass_their_checks_and_agree() {
        String credit = example(UnionSheet.COLUMNS, "employerCreditCode");
        String organisation = example(UnionSheet.COLUMNS, "employerOrganisationCode");
        assertThat(SocialCreditCode.isValid(credit)).as(credit).isTrue();
        assertThat(OrganisationCode.isValid(organisation)).as(organisation).isTrue();
        assertThat(SocialCreditCode.embeddedOrganisationCode(credit)).hasValue(organisation);
    }
}
