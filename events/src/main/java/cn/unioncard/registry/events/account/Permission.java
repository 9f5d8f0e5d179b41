package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.Violations;

import java.util.EnumSet;
import java.util.Set;

import static cn.unioncard.registry.events.account.Role.ANONYMOUS;
import static cn.unioncard.registry.events.account.Role.AUDITOR;
import static cn.unioncard.registry.events.account.Role.BANK_OPERATOR;
import static cn.unioncard.registry.events.account.Role.CITY_ADMIN;
import static cn.unioncard.registry.events.account.Role.DISTRICT_REVIEWER;
import static cn.unioncard.registry.events.account.Role.DPO;
import static cn.unioncard.registry.events.account.Role.SYSTEM;
import static cn.unioncard.registry.events.account.Role.UNION_OPERATOR;

/**
 * Every rule "which role may do what", in one place: a permission is one constant naming its roles
 * and its refusal (403) in both languages. Call sites check scope (404) first, then {@link #require};
 * nothing outside this class compares roles (the architecture test holds that).
 */
public enum Permission {
    // Members
    CHANGE_MEMBERS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能登记或修改会员", "your role cannot register or change members"),
    ERASE_PERSONAL_DATA(roles(DPO),
            "只有数据保护专员可以删除会员个人信息", "only the data-protection officer can erase a member's personal data"),
    /** The bank sees members only through the batches it is handed, never by browsing the registry. */
    BROWSE_MEMBERS(allBut(BANK_OPERATOR),
            "银行经办人员只能查看交给其办理的批次", "the bank sees members only in the batches it is given"),
    /** Unmasked personal data, and only with a stated purpose (checked after the role). */
    REVEAL_MEMBER(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN), true,
            "您的角色不能查看未遮蔽的个人信息", "your role cannot see unmasked personal data"),
    /** Auditors and DPOs read a member's history by office; anyone else as for {@link #REVEAL_MEMBER}. */
    READ_MEMBER_HISTORY(roles(AUDITOR, DPO), REVEAL_MEMBER),
    /** Import jobs and their reports: those who may import (scope decides where), and auditors and DPOs by office. */
    READ_IMPORTS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN, AUDITOR, DPO),
            "您的角色不能查看导入任务", "your role cannot see import jobs"),

    // Imports
    IMPORT_MEMBERS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能导入会员", "your role cannot import members"),
    IMPORT_UNIONS(roles(DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能导入基层工会", "your role cannot import grassroots unions"),

    // Batches and offline reports
    /** A union's clerk reports its members; a reviewer above it may report for it (and then not review it). */
    SUBMIT_BATCH(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能上报批次", "your role cannot submit batches"),
    REVIEW_BATCH(roles(DISTRICT_REVIEWER, CITY_ADMIN),
            "只有上级区、产业工会审核员和市总工会管理员可以审核批次",
            "only the district reviewers above a union and the city admin can review its batches"),
    /** The union's clerk carries the list; a reviewer records it for a union that works offline. */
    HAND_OVER_BATCH(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能登记批次交付银行", "your role cannot record a batch's hand-over to the bank"),
    /** Batch lists and a batch's members (masked); the bank's view of batches comes with the card issue. */
    READ_BATCHES(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN, AUDITOR, DPO),
            "您的角色不能查看上报批次", "your role cannot see batches"),
    /** The card application list shows full ID numbers: only those who take it to the bank or review it. */
    PRINT_CARD_APPLICATION_LIST(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能下载办卡明细清单", "your role cannot download card application lists"),
    ISSUE_OFFLINE_KEYS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能签发或吊销离线上报密钥", "your role cannot issue or revoke offline report keys"),
    IMPORT_OFFLINE_REPORT(roles(DISTRICT_REVIEWER, CITY_ADMIN),
            "只有区、产业工会审核员和市总工会管理员可以导入离线上报文件",
            "only district reviewers and the city admin can import offline report files"),

    // Cards (the bank belongs to the city: every batch handed to it is in its scope)
    ISSUE_CARDS(roles(BANK_OPERATOR, CITY_ADMIN),
            "只有经办银行和市总工会管理员可以登记发卡", "only the bank and the city admin can record issued cards"),
    /** The union hands cards to its members against the sign-off sheet; a reviewer may record it for an offline union. */
    HAND_OUT_CARDS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN),
            "您的角色不能登记工会卡发放", "your role cannot record cards handed out"),
    /** In person only: recorded by the bank's operator at the branch or on site, or by the union's clerk. */
    ACTIVATE_CARDS(roles(BANK_OPERATOR, UNION_OPERATOR),
            "只有经办银行和基层工会信息采集员可以登记启用", "only the bank and the union's clerk can record an activation"),
    /** The member tells the union (卡号变更信息请及时通知本单位工会); the bank may record its own replacements and closures. */
    CHANGE_CARDS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN, BANK_OPERATOR),
            "您的角色不能变更或注销工会卡", "your role cannot change or cancel cards"),
    /** A member's card, masked; the bank sees it too, the card being its own. */
    READ_CARDS(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN, BANK_OPERATOR, AUDITOR, DPO),
            "您的角色不能查看工会卡", "your role cannot see cards"),
    /** A full card number, with a stated purpose (checked after the role). */
    REVEAL_CARD_NUMBER(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN, BANK_OPERATOR), true,
            "您的角色不能查看完整卡号", "your role cannot see full card numbers"),
    /** The sign-off sheet goes with the cards: the union collects them with it, the bank keeps the signed copy. */
    PRINT_SIGN_OFF_SHEET(roles(UNION_OPERATOR, DISTRICT_REVIEWER, CITY_ADMIN, BANK_OPERATOR),
            "您的角色不能下载领取签收单", "your role cannot download sign-off sheets"),
    /** The insurer's list of covers started: the card office sends it on. */
    READ_INSURANCE_COVER(roles(CITY_ADMIN),
            "只有市总工会管理员可以查看保险名单", "only the city admin can read the insurance cover list"),
    /** Counts only (with small cells suppressed); the bank has no business with the unions' figures. */
    READ_STATISTICS(allBut(BANK_OPERATOR, ANONYMOUS),
            "您的角色不能查看统计", "your role cannot read statistics"),

    // Unions
    /** Auditors and data-protection officers read but change nothing. */
    CHANGE_ANYTHING(allBut(AUDITOR, DPO),
            "审计和数据保护角色只能查看，不能修改", "auditors and data-protection officers can read but not change anything"),
    /** Only the registry itself, at first start (and only once: the caller checks that). */
    REGISTER_CITY(roles(SYSTEM),
            "市总工会在首次启动时创建，不能再登记", "the city federation is created at first start and cannot be registered again"),
    REGISTER_DISTRICT(roles(CITY_ADMIN),
            "您的角色不能登记该级别的工会", "your role cannot register a union of this level"),
    REGISTER_GRASSROOTS(roles(CITY_ADMIN, DISTRICT_REVIEWER),
            "您的角色不能登记该级别的工会", "your role cannot register a union of this level"),
    EDIT_CITY_PROFILE(roles(CITY_ADMIN),
            "您的角色不能修改工会信息", "your role cannot change union profiles"),
    EDIT_UNION_PROFILE(roles(CITY_ADMIN, DISTRICT_REVIEWER),
            "您的角色不能修改工会信息", "your role cannot change union profiles"),

    // Accounts
    OPEN_ANY_ACCOUNT(roles(SYSTEM, CITY_ADMIN),
            "您的角色不能开设该类账号", "your role cannot open accounts of this role"),
    /** Reviewers and operators: a district reviewer opens them in its own district. */
    OPEN_DISTRICT_ACCOUNT(roles(SYSTEM, CITY_ADMIN, DISTRICT_REVIEWER),
            "您的角色不能开设该类账号", "your role cannot open accounts of this role"),
    /** Unlocking an account and resetting its password (the caller checks scope first). */
    ADMINISTER_ACCOUNT(roles(CITY_ADMIN, DISTRICT_REVIEWER, SYSTEM),
            "只有市总工会管理员和上级区、产业工会审核员可以解锁账号或重置其密码",
            "only the city admin and the district reviewers above an account can unlock it or reset its password"),
    LIST_ACCOUNTS(allBut(UNION_OPERATOR, BANK_OPERATOR),
            "您的角色不能查看账号列表", "your role cannot list accounts"),

    // Audit and operations
    READ_CHAIN(roles(AUDITOR, CITY_ADMIN, DPO),
            "只有审计人员和市总管理员可以查看链校验", "only auditors and the city admin can read the chain's integrity"),
    VERIFY_CHAIN(roles(AUDITOR, CITY_ADMIN),
            "只有审计人员和市总管理员可以查看链校验", "only auditors and the city admin can read the chain's integrity"),
    READ_EVENT_TRAIL(roles(AUDITOR, DPO, CITY_ADMIN),
            "只有审计、数据保护和市总管理员可以查看事件记录",
            "only auditors, data-protection officers and the city admin can read event trails"),
    READ_DEAD_LETTERS(roles(CITY_ADMIN, DPO),
            "只有市总管理员和数据保护专员可以查看投影故障",
            "only the city admin and the data-protection officer can see failed projections"),
    HANDLE_DEAD_LETTERS(roles(CITY_ADMIN),
            "只有市总管理员可以重试或放弃投影故障事件", "only the city admin can retry or give up parked events"),

    // The audit workbench
    READ_ACCESS_LOG(roles(DPO, AUDITOR),
            "只有数据保护专员和审计人员可以查看访问记录",
            "only data-protection officers and auditors can read the access log"),
    READ_ACCESS_REPORT(roles(DPO),
            "只有数据保护专员可以出具会员个人信息处理报告",
            "only the data-protection officer can produce a member's access report"),
    HANDLE_ALERTS(roles(DPO),
            "只有数据保护专员可以查看和确认告警", "only the data-protection officer can see and acknowledge alerts"),
    READ_ACTOR_ACTIVITY(roles(DPO, AUDITOR),
            "只有数据保护专员和审计人员可以查看账号的操作记录",
            "only data-protection officers and auditors can read an account's activity"),
    READ_EVENT_STREAM(roles(AUDITOR),
            "只有审计人员可以读取事件流", "only auditors can read the event stream"),
    /** The event stream or an as-of state with personal fields unmasked: with a stated purpose, recorded. */
    REVEAL_EVENT_PAYLOADS(roles(AUDITOR), true,
            "只有审计人员可以查看事件中的完整个人信息", "only auditors can see events' personal data unmasked"),
    READ_STATE_AS_OF(roles(AUDITOR),
            "只有审计人员可以查看历史时点的状态", "only auditors can read a state as of an instant"),
    READ_PROJECTIONS(roles(CITY_ADMIN),
            "只有市总管理员可以查看投影状态", "only the city admin can see the projections"),
    REPLAY_PROJECTIONS(roles(CITY_ADMIN),
            "只有市总管理员可以重建投影", "only the city admin can replay projections");

    /** The shortest purpose a reader may state for {@link #REVEAL_MEMBER}, trimmed. */
    public static final int MIN_PURPOSE = 5;

    private final Set<Role> roles;
    private final boolean needsPurpose;
    private final Permission otherwise;
    private final String zh;
    private final String en;

    Permission(Set<Role> roles, String zh, String en) {
        this(roles, false, zh, en);
    }

    Permission(Set<Role> roles, boolean needsPurpose, String zh, String en) {
        this.roles = roles;
        this.needsPurpose = needsPurpose;
        this.otherwise = null;
        this.zh = zh;
        this.en = en;
    }

    /** Granted to {@code roles} as is; to everyone else as {@code otherwise} is, with its refusal. */
    Permission(Set<Role> roles, Permission otherwise) {
        this.roles = roles;
        this.needsPurpose = false;
        this.otherwise = otherwise;
        this.zh = otherwise.zh;
        this.en = otherwise.en;
    }

    public boolean allows(Actor actor) {
        return roles.contains(actor.role()) || (otherwise != null && otherwise.allows(actor));
    }

    /** The role (403), then, where the permission needs one, the stated purpose (400 naming {@code purpose}). */
    public void require(Actor actor) {
        if (roles.contains(actor.role())) {
            if (needsPurpose) {
                requirePurpose(actor);
            }
        } else if (otherwise != null) {
            otherwise.require(actor);
        } else {
            throw refusal();
        }
    }

    /** The 403 this permission answers, for a caller that must check something else between. */
    public RegistryProblem refusal() {
        return RegistryProblem.forbidden(zh, en);
    }

    private static void requirePurpose(Actor actor) {
        String purpose = actor.purpose() == null ? "" : actor.purpose().trim();
        if (purpose.length() < MIN_PURPOSE) {
            new Violations().error("purpose", "purpose.required",
                    "查看完整信息须说明用途（至少 " + MIN_PURPOSE + " 个字符）",
                    "state the purpose of seeing the full data (at least " + MIN_PURPOSE + " characters)").throwIfAny();
        }
    }

    // Rules that depend on more than the actor: the target's level or role.

    /** Who may register a union of this level (under a parent in scope). */
    public static Permission toRegister(UnionLevel level) {
        return switch (level) {
            case CITY -> REGISTER_CITY;
            case DISTRICT -> REGISTER_DISTRICT;
            case GRASSROOTS -> REGISTER_GRASSROOTS;
        };
    }

    /** Who may change the profile of a union of this level: the city's own only its admin. */
    public static Permission toEditProfile(UnionLevel level) {
        return level == UnionLevel.CITY ? EDIT_CITY_PROFILE : EDIT_UNION_PROFILE;
    }

    /** Who may open an account of this role (null: not known yet, refused later as content). */
    public static Permission toOpen(Role role) {
        return role == DISTRICT_REVIEWER || role == UNION_OPERATOR ? OPEN_DISTRICT_ACCOUNT : OPEN_ANY_ACCOUNT;
    }

    /** Whether an account may have this role: the registry's own and the anonymous actor are no accounts. */
    public static boolean isAccountRole(Role role) {
        return role != null && role != SYSTEM && role != ANONYMOUS;
    }

    /** The level of the union an account of this role belongs to. */
    public static UnionLevel accountLevel(Role role) {
        return switch (role) {
            case DISTRICT_REVIEWER -> UnionLevel.DISTRICT;
            case UNION_OPERATOR -> UnionLevel.GRASSROOTS;
            default -> UnionLevel.CITY;
        };
    }

    /** A grassroots union's clerk logs in with the union's system code (all-digit names are kept for it). */
    public static boolean logsInWithSystemCode(Role role) {
        return role == UNION_OPERATOR;
    }

    // Who the actor is, rather than what it may do: scope and authentication.

    /** Everything in the city is in scope for these roles; all others see their own subtree. */
    public static boolean seesEverything(Actor actor) {
        return actor.role() == CITY_ADMIN || actor.role() == AUDITOR || actor.role() == DPO || actor.role() == SYSTEM;
    }

    /** Someone not yet logged in: only a login attempt may come from them. */
    public static boolean anonymous(Actor actor) {
        return actor.role() == ANONYMOUS;
    }

    private static Set<Role> roles(Role first, Role... rest) {
        return EnumSet.of(first, rest);
    }

    private static Set<Role> allBut(Role first, Role... rest) {
        return EnumSet.complementOf(EnumSet.of(first, rest));
    }
}
