package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * Records a read of personal data as an event before the data is returned (docs/architecture.md §9). If the
 * record cannot be stored the read fails: nobody sees personal data without a trace.
 */
@Component
public class AccessLog {

    /** The streaming processor that indexes recorded reads by member. */
    public static final String PROCESSING_GROUP = "access-log";

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final EventBus events;

    AccessLog(EventBus events) {
        this.events = events;
    }

    /** Returns the record's access id; null when there was nothing to record. */
    public String record(Actor actor, List<String> memberIds, List<String> fields, boolean revealed, String endpoint) {
        if (memberIds.isEmpty()) {
            return null;
        }
        PersonalDataAccessed access = new PersonalDataAccessed(UUID.randomUUID().toString(), List.copyOf(memberIds),
                List.copyOf(fields), revealed, actor.purpose(), endpoint);
        try {
            events.publish(GenericEventMessage.asEventMessage(access).andMetaData(AuditMetadata.of(actor)));
        } catch (RuntimeException e) {
            log.error("Could not record a personal-data read; the read is refused", e);
            throw new RegistryProblem(RegistryProblem.Kind.ACCESS_LOG_UNAVAILABLE,
                    "暂时无法记录本次查询，为保护个人信息，数据未返回；请稍后重试",
                    "this read could not be recorded, so no personal data was returned; try again later");
        }
        return access.accessId();
    }
}
