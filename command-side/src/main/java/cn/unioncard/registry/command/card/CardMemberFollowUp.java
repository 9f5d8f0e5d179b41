package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.member.MemberFollowUp;
import cn.unioncard.registry.events.card.CardState;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;

/**
 * What a member's withdrawal does to the member's card, in the withdrawal's unit of work: the card stays
 * the holder's, but the union's free cover of an activated card ends that day. A change or an erasure
 * does nothing to a card (the lookups hold only hashes and ids).
 */
@Component
class CardMemberFollowUp implements MemberFollowUp {

    private final Repository<Card> cards;
    private final CardLookups lookups;
    private final Clock clock;

    CardMemberFollowUp(Repository<Card> cards, CardLookups lookups, Clock clock) {
        this.cards = cards;
        this.lookups = lookups;
        this.clock = clock;
    }

    @Override
    public void changed(String memberId) {
        // a correction or transfer leaves the card as it is
    }

    @Override
    public void withdrawn(String memberId) {
        lookups.holding(memberId).filter(h -> h.state() == CardState.ACTIVATED)
                .ifPresent(h -> cards.load(h.cardId()).execute(c -> c.endCover(LocalDate.now(clock))));
    }

    @Override
    public void erased(String memberId) {
        // the card's personal data is sealed under the member's key, shredded with it
    }
}
