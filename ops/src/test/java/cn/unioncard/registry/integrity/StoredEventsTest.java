package cn.unioncard.registry.integrity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredEventsTest {

    /** Axon stores an aggregate's simple class name as its type unless @Aggregate names another. */
    @Test
    void theMemberTypeIsWhatAxonStoresForTheMemberAggregate() throws ClassNotFoundException {
        Class<?> member = Class.forName("cn.unioncard.registry.command.member.Member");
        assertThat(member.getAnnotation(org.axonframework.spring.stereotype.Aggregate.class).type()).isEmpty();
        assertThat(StoredEvents.MEMBER).isEqualTo(member.getSimpleName());
    }
}
