package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * A stored event opened for an auditor's eyes: read with the event serializer (sealed personal values
 * decrypted under the member's key, erased ones gone), then written as the web writes it, with its
 * personal fields shown as {@link PersonalMask} decides.
 */
@Component
class EventPayloads {

    private static final Logger log = LoggerFactory.getLogger(EventPayloads.class);

    private final Serializer serializer;
    private final ObjectMapper json;

    EventPayloads(@Qualifier("eventSerializer") Serializer serializer, ObjectMapper json) {
        this.serializer = serializer;
        this.json = json;
    }

    /** The event's payload, or null (logged by type only) when it cannot be read. */
    Object open(StoredEvent e) {
        try {
            return serializer.deserialize(new SimpleSerializedObject<>(e.payload(), byte[].class, e.payloadType(),
                    e.payloadRevision()));
        } catch (RuntimeException x) {
            log.warn("Stored event at {} ({}) cannot be read: {}", e.globalIndex(), e.payloadType(),
                    x.getClass().getSimpleName());
            return null;
        }
    }

    JsonNode shown(Object payload, PersonalMask.View view) {
        if (payload == null) {
            return json.nullNode();
        }
        JsonNode tree = json.valueToTree(payload);
        PersonalMask.apply(payload.getClass(), tree, view);
        return tree;
    }

    /** The metadata as stored (the actor of the command); an empty object when there is none. */
    JsonNode metadata(StoredEvent e) {
        if (e.metaData() == null) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(e.metaData());
        } catch (IOException x) {
            return json.createObjectNode();
        }
    }
}
