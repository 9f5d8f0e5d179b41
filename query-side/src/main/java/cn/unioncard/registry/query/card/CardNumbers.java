package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.card.CardEvent;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChanged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * A card's full numbers, read from the card's events in the store (opened with the holder's key, so an
 * erased holder's read 已删除): the projection never holds one. Only for a reveal with a stated purpose.
 */
@Component
class CardNumbers {

    /** The numbers a card has had, in order: the issued one, then each change's new one (with its old one). */
    record Numbers(String issued, List<String[]> changes) {
        /** The number the card carries now. */
        String current() {
            return changes.isEmpty() ? issued : changes.get(changes.size() - 1)[1];
        }
    }

    private final EventStore events;

    CardNumbers(EventStore events) {
        this.events = events;
    }

    /** The card's own stream; its holder's stream too, should the card's events be stored under the member. */
    Numbers of(String cardId, String memberId) {
        Numbers n = read(cardId, cardId);
        return n.issued() != null ? n : read(memberId, cardId);
    }

    private Numbers read(String aggregateId, String cardId) {
        String issued = null;
        List<String[]> changes = new ArrayList<>();
        for (DomainEventMessage<?> m : events.readEvents(aggregateId, 0L).asStream().toList()) {
            if (m.getPayload() instanceof CardEvent e && cardId.equals(e.cardId())) {
                if (e instanceof CardIssued i) {
                    issued = i.cardNumber();
                } else if (e instanceof CardNumberChanged c) {
                    changes.add(new String[] {c.oldNumber(), c.newNumber()});
                }
            }
        }
        return new Numbers(issued, changes);
    }
}
