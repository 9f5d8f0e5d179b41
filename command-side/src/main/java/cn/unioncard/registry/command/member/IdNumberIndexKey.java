package cn.unioncard.registry.command.member;

/**
 * The secret of the ID-number index's keyed hash ({@link MembershipIndex}). Provided as a bean by
 * the application's privacy home, which owns the registry's keys: this side never reads key files.
 */
public record IdNumberIndexKey(byte[] bytes) {

    public IdNumberIndexKey {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
