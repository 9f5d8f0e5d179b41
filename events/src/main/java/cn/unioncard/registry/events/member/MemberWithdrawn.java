package cn.unioncard.registry.events.member;

/** The member left the union {@code unionId}; the ID number is free for a new membership. */
public record MemberWithdrawn(String memberId, String unionId, String reason) {
}
