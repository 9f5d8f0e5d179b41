package cn.unioncard.registry.events.codes;

import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.validation.Text;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Industry section of a grassroots union's employer, stored with its GB/T 4754 edition.
 * For the 2002 edition the code is the seed's two-digit number ("01".."20" = A–T); for 2011
 * and 2017 it is the section letter.
 */
@NotPersonal("a code")
public record Industry(IndustryEdition edition, String code) {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,2}");
    private static final Pattern LETTER = Pattern.compile("[A-Ta-t]");
    private static final Pattern CODE_AND_LABEL = Pattern.compile("(\\d{1,2}|[A-Ta-t]) ?[、.:：\\- ] ?(\\S.*)");

    public Industry {
        Objects.requireNonNull(edition, "edition");
        Objects.requireNonNull(code, "code");
        if (indexOf(edition, code) < 0) {
            throw new IllegalArgumentException("not a section code of " + edition);
        }
    }

    /**
     * 2002: "01", "1", the section letter "A" or the label. 2011/2017: the section letter or
     * the label (numbers are the 2002 seed numbering and are refused as ambiguous).
     */
    public static Optional<Industry> of(IndustryEdition edition, String input) {
        Objects.requireNonNull(edition, "edition");
        String s = Text.collapseWhitespace(Text.toHalfWidth(input));
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        int index = sectionIndex(edition, s);
        if (index < 0) {
            // The entry template's drop-down text "03 制造业" (or "03、制造业"): code and label must agree.
            Matcher m = CODE_AND_LABEL.matcher(s);
            if (m.matches() && sectionIndex(edition, m.group(1)) == sectionIndex(edition, m.group(2))) {
                index = sectionIndex(edition, m.group(1));
            }
        }
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of(new Industry(edition, edition.codeAt(index)));
    }

    /** The section's index 0–19 for a letter, a 2002 seed number or a label; -1 when none. */
    private static int sectionIndex(IndustryEdition edition, String s) {
        int index;
        if (LETTER.matcher(s).matches()) {
            index = s.toUpperCase(Locale.ROOT).charAt(0) - 'A';
        } else if (DIGITS.matcher(s).matches() && edition == IndustryEdition.GB_T_4754_2002) {
            index = Integer.parseInt(s) - 1;
        } else {
            index = edition.sectionLabels().indexOf(s);
        }
        return index < 0 || index >= 20 ? -1 : index;
    }

    public String label() {
        return edition.sectionLabels().get(indexOf(edition, code));
    }

    /** The GB/T 4754 section letter A–T, also for the 2002 edition's seed numbers. */
    public char section() {
        return (char) ('A' + indexOf(edition, code));
    }

    private static int indexOf(IndustryEdition edition, String code) {
        for (int i = 0; i < 20; i++) {
            if (edition.codeAt(i).equals(code)) {
                return i;
            }
        }
        return -1;
    }
}
