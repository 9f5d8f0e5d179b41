package cn.unioncard.registry.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spring profile axonserver (with the connector a jar built by -Paxonserver packs) builds the whole registry
 * against Axon Server's command bus, query bus and event store and tries the configured server; with nothing
 * listening there the start fails on its first use of the event store instead of falling back to PostgreSQL.
 */
class AxonServerProfileTest {

    /** What the context was wired with once every bean existed, before anything started (which fails here). */
    static final Map<Class<?>, List<Class<?>>> wired = new ConcurrentHashMap<>();
    static final ListAppender<ILoggingEvent> connectorLog = new ListAppender<>();

    /** Added to the application's sources (not scanned: no stereotype), so only this test's start has it. */
    static class Recorder {
        @Bean
        SmartInitializingSingleton recordWiring(ApplicationContext context) {
            // Spring Boot has set logging up by now; an appender added before the start would have been reset.
            connectorLog.start();
            ((Logger) LoggerFactory.getLogger("io.axoniq.axonserver.connector")).addAppender(connectorLog);
            return () -> List.of(CommandBus.class, QueryBus.class, EventStore.class, EventStorageEngine.class,
                    TokenStore.class, AxonServerConfiguration.class).forEach(type -> wired.put(type,
                    context.getBeansOfType(type).values().stream().<Class<?>>map(Object::getClass).toList()));
        }
    }

    @Test
    void the_axonserver_profile_routes_commands_queries_and_events_to_axon_server_and_tries_to_connect_there()
            throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try {
            assertThatThrownBy(() -> RunningRegistry.startFreshWith(List.of(Recorder.class),
                    "spring.profiles.active=axonserver", "axon.axonserver.servers=localhost:" + deadPort,
                    // Each of its 30 tries for the first processor's token would log a stack trace.
                    "logging.level.org.axonframework.eventhandling.pooled.Coordinator=WARN").close())
                    .as("a start with Axon Server unreachable").isInstanceOf(Exception.class);
        } finally {
            ((Logger) LoggerFactory.getLogger("io.axoniq.axonserver.connector")).detachAppender(connectorLog);
        }

        assertThat(wired.get(CommandBus.class)).contains(AxonServerCommandBus.class);
        assertThat(wired.get(QueryBus.class)).containsExactly(AxonServerQueryBus.class);
        assertThat(wired.get(EventStore.class)).containsExactly(AxonServerEventStore.class);
        // Not the JDBC engine over domain_event_entry: no event of this configuration is written to PostgreSQL.
        assertThat(wired.get(EventStorageEngine.class)).isEmpty();
        // The streaming processors' tokens stay in PostgreSQL (token_entry), as with the default configuration.
        assertThat(wired.get(TokenStore.class)).containsExactly(JdbcTokenStore.class);
        assertThat(wired.get(AxonServerConfiguration.class)).hasSize(1);
        assertThat(connectorLog.list).as("the connector's log").anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("Connecting to AxonServer node [localhost:" + deadPort + "] failed"));
    }
}
