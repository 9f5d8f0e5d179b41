package cn.unioncard.registry.events.member;

import java.util.List;

/** What registering a member answers: its id, version and the warnings accepted with it. */
public record MemberRegistration(String memberId, long version, boolean idConvertedFrom15, List<String> warnings) {
}
