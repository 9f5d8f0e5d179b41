package cn.unioncard.registry.ops.scaleout;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JDBC token store as its auto-configuration builds it, but owned by this process's
 * {@link RegistryNode}: a process killed with its claims held loses them after the claim timeout
 * ({@code axon.eventhandling.tokenstore.claim-timeout}), and the others take its segments over.
 */
@Configuration(proxyBeanMethods = false)
class ScaleOutConfiguration {

    @Bean
    RegistryNode registryNode() {
        return RegistryNode.ofThisProcess();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, @Qualifier("serializer") Serializer serializer,
                          TokenSchema schema, TokenStoreProperties properties, RegistryNode node) {
        return JdbcTokenStore.builder().connectionProvider(connections).schema(schema).serializer(serializer)
                .claimTimeout(properties.getClaimTimeout()).nodeId(node.id()).build();
    }
}
