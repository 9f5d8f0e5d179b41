package cn.unioncard.registry.ops.database;

import cn.unioncard.registry.ops.RegistryProperties;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Always a Hikari pool, also over the embedded server: the embedded library's own DataSource
 * opens a connection per transaction and ran ~7x slower here (DESIGN.md §6).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseEndpoint databaseEndpoint(RegistryProperties properties) {
        RegistryProperties.Db db = properties.db();
        if (db != null && db.external()) {
            return new ExternalDatabase(db.url(), db.user(), db.password());
        }
        return EmbeddedPostgresServer.start(properties.dataDir(), properties.embedded() == null
                || properties.embedded().fsync());
    }

    /** Depends on the endpoint, so Spring closes the pool before it stops the embedded server. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DatabaseEndpoint endpoint) {
        HikariDataSource ds = DataSourceBuilder.create().type(HikariDataSource.class)
                .url(endpoint.url()).username(endpoint.user()).password(endpoint.password()).build();
        ds.setPoolName("registry");
        return ds;
    }

    record ExternalDatabase(String url, String user, String password) implements DatabaseEndpoint {
    }
}
