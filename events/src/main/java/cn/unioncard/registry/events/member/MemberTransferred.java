package cn.unioncard.registry.events.member;

/** The member moved from one grassroots union to another. */
public record MemberTransferred(String memberId, String fromUnionId, String toUnionId, String newEmployerName) {
}
