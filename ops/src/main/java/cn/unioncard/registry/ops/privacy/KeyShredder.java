package cn.unioncard.registry.ops.privacy;

import cn.unioncard.registry.events.member.PersonalDataErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Destroys the member's data key when their personal data is erased. Subscribing and failing its
 * command (application.yml, AxonConfiguration): an erasure is recorded only if the key is gone.
 */
@Component
@ProcessingGroup(KeyShredder.GROUP)
class KeyShredder {

    static final String GROUP = "data-keys";

    private final KeyRing keys;

    KeyShredder(KeyRing keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(PersonalDataErased event) {
        keys.erase(event.memberId());
    }
}
