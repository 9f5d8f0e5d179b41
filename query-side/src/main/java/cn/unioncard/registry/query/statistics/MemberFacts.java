package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.codes.IdType;
import cn.unioncard.registry.events.member.MemberDetails;

import java.util.ArrayList;
import java.util.List;

/**
 * What the statistics know of one member: codes, flags, progress and card, nothing personal but the
 * sex and birth year the ID number gives (dropped at an erasure). The live projection stores it per
 * member and the as-of model holds it in memory; both turn it into the same {@link #cells()}.
 */
final class MemberFacts {

    static final String ACTIVE = "ACTIVE";
    static final String WITHDRAWN = "WITHDRAWN";
    static final String ERASED = "ERASED";

    /** Batch stages: none, held by an open batch, by an approved one, by one handed to the bank. */
    static final int NO_BATCH = 0;
    static final int SUBMITTED = 1;
    static final int APPROVED = 2;
    static final int HANDED = 3;

    /** The funnel's steps, in order; a member at step i counts in steps 0..i. */
    static final List<String> FUNNEL = List.of("authorised", "submitted", "approved", "handedToBank", "issued",
            "handedOut", "activated");

    final String memberId;
    String unionId;
    String status = ACTIVE;
    boolean consent;
    String batchId;
    int batchStage;
    String cardId;
    CardState cardState;
    /** The furthest step any card of this membership reached: 0 none, 1 issued, 2 handed out, 3 activated. */
    int cardReach;
    CardType cardType;
    boolean declined;
    String applied;
    String education;
    String occupation;
    String politicalStatus;
    String ethnicGroup;
    String idType;
    String sex;
    Integer birthYear;
    boolean rural;
    boolean dispatch;
    boolean contract;

    MemberFacts(String memberId, String unionId) {
        this.memberId = memberId;
        this.unionId = unionId;
    }

    MemberFacts copy() {
        MemberFacts c = new MemberFacts(memberId, unionId);
        c.status = status;
        c.consent = consent;
        c.batchId = batchId;
        c.batchStage = batchStage;
        c.cardId = cardId;
        c.cardState = cardState;
        c.cardReach = cardReach;
        c.cardType = cardType;
        c.declined = declined;
        c.applied = applied;
        c.education = education;
        c.occupation = occupation;
        c.politicalStatus = politicalStatus;
        c.ethnicGroup = ethnicGroup;
        c.idType = idType;
        c.sex = sex;
        c.birthYear = birthYear;
        c.rural = rural;
        c.dispatch = dispatch;
        c.contract = contract;
        return c;
    }

    /** The registration's details, or a correction's changed fields of them. */
    void take(MemberDetails d, List<String> fields) {
        if (fields == null || fields.contains("cardType")) {
            applied = d.cardType();
        }
        if (fields == null || fields.contains("education")) {
            education = d.education();
        }
        if (fields == null || fields.contains("occupation")) {
            occupation = d.occupation();
        }
        if (fields == null || fields.contains("politicalStatus")) {
            politicalStatus = d.politicalStatus();
        }
        if (fields == null || fields.contains("ethnicGroup")) {
            ethnicGroup = d.ethnicGroup();
        }
        if (fields == null || fields.contains("idType")) {
            idType = d.idType();
        }
        if (fields == null || fields.contains("idNumber")) {
            fromIdNumber(d.idNumber());
        }
        if (fields == null || fields.contains("ruralHousehold")) {
            rural = d.ruralHousehold();
        }
        if (fields == null || fields.contains("labourDispatch")) {
            dispatch = d.labourDispatch();
        }
        if (fields == null || fields.contains("labourContract")) {
            contract = d.labourContract();
        }
    }

    /** Sex (17th digit: odd male) and birth year of an 18-character number; nothing from anything else. */
    private void fromIdNumber(String id) {
        sex = null;
        birthYear = null;
        if (id == null || id.length() != 18) {
            return;
        }
        try {
            birthYear = Integer.parseInt(id.substring(6, 10));
            sex = (id.charAt(16) - '0') % 2 == 1 ? "male" : "female";
        } catch (NumberFormatException e) {
            birthYear = null;
        }
        if (!Character.isDigit(id.charAt(16))) {
            sex = null;
        }
    }

    void erase() {
        status = ERASED;
        sex = null;
        birthYear = null;
    }

    /** Leaves whatever batch held it: returned, rejected, excluded or erased from the batch. */
    void freed() {
        batchId = null;
        batchStage = NO_BATCH;
    }

    void issued(String card, CardType type) {
        cardId = card;
        cardState = CardState.ISSUED;
        cardType = type;
        declined = false;
        cardReach = Math.max(cardReach, 1);
    }

    void cardStep(String card, CardState state) {
        if (!card.equals(cardId)) {
            return;
        }
        cardState = state;
        cardReach = Math.max(cardReach, state == CardState.ACTIVATED ? 3 : state == CardState.HANDED_OUT ? 2 : 1);
    }

    void cancelled(String card) {
        if (card.equals(cardId)) {
            cardState = CardState.CANCELLED;
        }
    }

    boolean liveCard() {
        return cardState != null && cardState.live();
    }

    /** The last funnel step reached, -1 for none (see the README's definitions). */
    int step() {
        int s = consent ? 0 : -1;
        if (batchStage != NO_BATCH) {
            s = Math.max(s, batchStage);
        }
        if (cardReach > 0) {
            s = Math.max(s, 3 + cardReach);
        }
        return s;
    }

    /** The cells this member counts in (each once). */
    List<String> cells() {
        List<String> cells = new ArrayList<>(24);
        if (liveCard()) {
            cells.add("issued." + cardType.name());
            if (declined) {
                cells.add("declined");
            }
        }
        if (!status.equals(ACTIVE)) {
            cells.add(status.equals(ERASED) ? "members.erased" : "members.withdrawn");
            return cells;
        }
        cells.add("members.registered");
        int step = step();
        for (int i = 0; i <= step; i++) {
            cells.add("funnel." + FUNNEL.get(i));
        }
        if (CardType.DEBIT.code().equals(applied) || CardType.DEBIT_CREDIT.code().equals(applied)) {
            cells.add("applied." + applied);
        }
        cells.add("education." + code(education));
        cells.add("occupation." + code(occupation));
        cells.add("politicalStatus." + code(politicalStatus));
        cells.add("ethnicGroup." + code(ethnicGroup));
        boolean resident = IdType.RESIDENT_ID_CARD.code().equals(idType);
        cells.add("sex." + (resident && sex != null ? sex : "unknown"));
        cells.add("born." + (resident && birthYear != null ? birthYear.toString() : "unknown"));
        cells.add("ruralHousehold." + (rural ? "yes" : "no"));
        cells.add("labourDispatch." + (dispatch ? "yes" : "no"));
        cells.add("labourContract." + (contract ? "yes" : "no"));
        return cells;
    }

    private static String code(String c) {
        return c == null || c.isBlank() ? "unknown" : c;
    }
}
