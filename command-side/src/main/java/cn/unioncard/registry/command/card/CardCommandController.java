package cn.unioncard.registry.command.card;

import cn.unioncard.registry.events.card.ActivateCard;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CancelCard;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardNumberChangeReason;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.ChangeCardNumber;
import cn.unioncard.registry.events.card.RecordCardHandedOut;
import cn.unioncard.registry.events.card.RecordCardsHandedOut;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cards from the hand-out on (发放、启用、卡号变更、注销), by the member whose card it is, and a batch's
 * hand-outs at once. The bank's return is {@link CardIssuanceController}'s. Reads are on the query side.
 */
@RestController
class CardCommandController {

    record HandOut(LocalDate handedOutOn, Boolean signed) {
    }

    record HandOuts(List<String> memberIds, LocalDate handedOutOn, Boolean signed) {
    }

    record Activation(String channel, String branch, LocalDate activatedOn) {
    }

    record NumberChange(String newCardNumber, String reason, LocalDate reportedOn) {
    }

    record Cancellation(String reason, LocalDate cancelledOn) {
    }

    record Changed(String memberId, String cardId, CardState state) {
    }

    record Activated(String memberId, String cardId, CardState state, LocalDate coverStartsOn) {
    }

    record HandedOut(String batchId, int handedOut) {
    }

    private final CommandGateway commands;

    CardCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/api/members/{id}/card/handout")
    Changed handOut(@PathVariable String id, @RequestBody HandOut body) {
        return changed(id, new RecordCardHandedOut(id, body.handedOutOn(), Boolean.TRUE.equals(body.signed())));
    }

    @PostMapping("/api/batches/{id}/card-handouts")
    HandedOut handOuts(@PathVariable String id, @RequestBody HandOuts body) {
        int done = commands.sendAndWait(new RecordCardsHandedOut(id, body.memberIds(), body.handedOutOn(),
                Boolean.TRUE.equals(body.signed())));
        return new HandedOut(id, done);
    }

    @PostMapping("/api/members/{id}/card/activation")
    Activated activate(@PathVariable String id, @RequestBody Activation body) {
        ActivationChannel channel = parsed("channel", body.channel(), ActivationChannel::fromInput,
                "启用方式应为 inPersonAtBranch（本人到网点）或 bankOnSite（银行上门）",
                "the channel must be inPersonAtBranch or bankOnSite");
        CardCommandHandler.Changed c = commands.sendAndWait(new ActivateCard(id, channel, body.branch(),
                body.activatedOn()));
        return new Activated(id, c.cardId(), c.state(), c.coverStartsOn());
    }

    @PostMapping("/api/members/{id}/card/number-change")
    Changed changeNumber(@PathVariable String id, @RequestBody NumberChange body) {
        CardNumberChangeReason reason = parsed("reason", body.reason(), CardNumberChangeReason::fromInput,
                "原因应为 LOST、DAMAGED、EXPIRED、BANK_REPLACEMENT 或 CANCELLED_AND_REISSUED",
                "the reason must be LOST, DAMAGED, EXPIRED, BANK_REPLACEMENT or CANCELLED_AND_REISSUED");
        return changed(id, new ChangeCardNumber(id, body.newCardNumber(), reason, body.reportedOn()));
    }

    @PostMapping("/api/members/{id}/card/cancellation")
    Changed cancel(@PathVariable String id, @RequestBody Cancellation body) {
        CardCancellationReason reason = parsed("reason", body.reason(), CardCancellationReason::fromInput,
                "原因应为 MEMBER_LEFT 或 CARD_CLOSED", "the reason must be MEMBER_LEFT or CARD_CLOSED");
        return changed(id, new CancelCard(id, reason, body.cancelledOn()));
    }

    private Changed changed(String memberId, Object command) {
        CardCommandHandler.Changed c = commands.sendAndWait(command);
        return new Changed(memberId, c.cardId(), c.state());
    }

    /**
     * A code given as text: null stays null (the handler refuses it as missing, after scope and role);
     * an unknown one is refused here as the malformed value it is.
     */
    private static <T> T parsed(String field, String raw, Function<String, Optional<T>> parse, String zh, String en) {
        if (FormFields.blank(raw)) {
            return null;
        }
        return parse.apply(raw.trim()).orElseGet(() -> {
            new Violations().error(field, "card." + field, zh, en).throwIfAny();
            return null;
        });
    }
}
