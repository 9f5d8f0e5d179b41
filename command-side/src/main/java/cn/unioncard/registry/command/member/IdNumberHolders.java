package cn.unioncard.registry.command.member;

import cn.unioncard.registry.events.validation.ResidentIdNumber;
import cn.unioncard.registry.events.validation.Text;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Which members hold an ID number as another file wrote it (the bank's return of issued cards): only
 * this package normalises and hashes ID numbers and names the lookup.
 */
@Component
public class IdNumberHolders {

    private final MembershipIndex index;
    private final Clock clock;

    IdNumberHolders(MembershipIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    /** The members (active or not, never erased ones) registered with this ID number, however it was typed. */
    public List<String> withIdNumber(String raw) {
        String cleaned = raw == null ? "" : Text.toHalfWidth(raw).trim().toUpperCase(Locale.ROOT);
        if (cleaned.isEmpty()) {
            return List.of();
        }
        String normalised = ResidentIdNumber.parse(cleaned, LocalDate.now(clock)).normalised()
                .or(() -> ResidentIdNumber.normaliseOtherDocument(cleaned)).orElse(cleaned);
        return index.withIdNumber(normalised);
    }
}
