package cn.unioncard.registry.events.member;

/** Whether the membership is current. */
public enum MemberStatus {
    ACTIVE,
    WITHDRAWN
}
