package cn.unioncard.registry.ops.database;

import cn.unioncard.registry.ops.RegistryProperties;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

import java.time.Duration;
import java.util.Map;

/**
 * Always a Hikari pool, also over the embedded server: the embedded library's own DataSource
 * opens a connection per transaction and ran ~7x slower here (docs/design.md §6).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseEndpoint databaseEndpoint(RegistryProperties properties) {
        RegistryProperties.Db db = properties.db();
        if (db != null && db.external()) {
            boolean separateOwner = db.ownerUser() != null && !db.ownerUser().isBlank();
            return new ExternalDatabase(db.url(), db.user(), db.password(),
                    separateOwner ? db.ownerUser() : db.user(), separateOwner ? db.ownerPassword() : db.password());
        }
        RegistryProperties.Embedded embedded = properties.embedded();
        return EmbeddedPostgresServer.start(properties.dataDir(), embedded == null || embedded.fsync(),
                embedded == null || embedded.restartDelay() == null ? Duration.ofSeconds(1) : embedded.restartDelay(),
                EmbeddedPostgresServer::exitForSupervisor);
    }

    /** A shutdown begins: the embedded server is no longer started again if it dies. */
    @Bean
    ApplicationListener<ContextClosedEvent> stopWatchingTheEmbeddedServer(DatabaseEndpoint endpoint) {
        return event -> {
            if (endpoint instanceof EmbeddedPostgresServer embedded) {
                embedded.stopWatching();
            }
        };
    }

    /** Depends on the endpoint, so Spring closes the pool before it stops the embedded server. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DatabaseEndpoint endpoint) {
        HikariDataSource ds = DataSourceBuilder.create().type(HikariDataSource.class)
                .url(endpoint.url()).username(endpoint.user()).password(endpoint.password()).build();
        ds.setPoolName("registry");
        // JDBC batches (the event store appends a unit of work's events as one) go as multi-row inserts.
        ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        return ds;
    }

    /** Migrations run as the owner; {@code appRole} in them names the role the application uses. */
    @Bean
    FlywayConfigurationCustomizer migrationsAsOwner(DatabaseEndpoint endpoint) {
        return flyway -> flyway.dataSource(endpoint.url(), endpoint.ownerUser(), endpoint.ownerPassword())
                .placeholders(Map.of("appRole", endpoint.user()));
    }

    record ExternalDatabase(String url, String user, String password, String ownerUser, String ownerPassword)
            implements DatabaseEndpoint {
    }
}
