package cn.unioncard.registry.query;

import cn.unioncard.registry.testing.TestDatabase;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/** The query side's entities and repositories (this package and below) on the shared, migrated test database. */
@SpringBootConfiguration
@AutoConfigurationPackage
class ProjectionTestApplication {

    @Bean
    DataSource dataSource() {
        return TestDatabase.dataSource();
    }
}
