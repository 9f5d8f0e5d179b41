package cn.unioncard.registry.command.member;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether ID numbers still belong to active members of a union, for a file that claims to list them
 * (the registry-made offline report): only this package hashes ID numbers and names the lookup.
 */
@Component
public class ActiveHolders {

    private final MembershipIndex index;

    ActiveHolders(MembershipIndex index) {
        this.index = index;
    }

    /** How many of {@code idNumbers} (null counts) are not held by an active member of {@code unionId}. */
    public int notActiveIn(String unionId, Collection<String> idNumbers) {
        List<String> given = new ArrayList<>(idNumbers.stream().filter(Objects::nonNull).toList());
        Map<String, MembershipIndex.Entry> holders = given.isEmpty() ? Map.of() : index.holders(given);
        int missing = idNumbers.size() - given.size();
        for (String id : given) {
            MembershipIndex.Entry holder = holders.get(id);
            if (holder == null || !unionId.equals(holder.unionId())) {
                missing++;
            }
        }
        return missing;
    }
}
