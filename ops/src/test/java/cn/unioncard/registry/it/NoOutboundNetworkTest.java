package cn.unioncard.registry.it;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry makes no outbound connection of its own (docs/design.md §6): every connection attempt
 * that consults the JVM's proxy selector — plain sockets (JDBC) as {@code socket://host:port},
 * URL connections and HTTP clients as {@code http(s)://…} — goes to this machine only, and Axon's
 * update checker is not even created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoOutboundNetworkTest {

    /** Records every URI it is asked about and lets the connection go directly. */
    static final class RecordingProxySelector extends ProxySelector {
        final List<URI> asked = new CopyOnWriteArrayList<>();

        @Override
        public List<Proxy> select(URI uri) {
            asked.add(uri);
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // nothing to do: the connection was direct
        }
    }

    private final RecordingProxySelector recorder = new RecordingProxySelector();
    private ProxySelector previous;
    private List<URI> asked;
    private int httpPort;
    private boolean updateCheckerBeanPresent;
    private List<String> excludedAutoConfigurations;
    private List<String> axonServerBeans;
    private Class<?> commandBus;

    @BeforeAll
    void runTheRegistryWhileRecording() throws Exception {
        previous = ProxySelector.getDefault();
        ProxySelector.setDefault(recorder);
        try (RunningRegistry registry = RunningRegistry.startFresh()) {
            Api api = registry.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String cityId = api.get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
            assertThat(api.post("/api/unions", admin, Forms.district(cityId, "同安区总工会")).status()).isEqualTo(201);
            assertThat(api.get("/api/unions", admin).status()).isEqualTo(200);
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(api.token(ADMIN, "Wrong-Password-1").status()).isEqualTo(401);
            // Whatever runs in the background gets a moment to try.
            Thread.sleep(1500);
            httpPort = registry.port();
            updateCheckerBeanPresent = !registry.context()
                    .getBeansOfType(org.axonframework.updates.UpdateChecker.class).isEmpty()
                    || !registry.context().getBeansOfType(org.axonframework.updates.UpdateCheckerHttpClient.class)
                    .isEmpty();
            // The connector is on the test classpath (AxonServerProfileTest): without the profile it stays off.
            axonServerBeans = List.of(registry.context().getBeanNamesForType(AxonServerConnectionManager.class));
            commandBus = registry.context().getBean(CommandBus.class).getClass();
            excludedAutoConfigurations = ConditionEvaluationReport.get(registry.context().getBeanFactory())
                    .getExclusions();
        } finally {
            ProxySelector.setDefault(previous);
            asked = List.copyOf(recorder.asked);
        }
    }

    @AfterAll
    void restore() {
        ProxySelector.setDefault(previous);
    }

    @Test
    void theRecorderSawTheRegistrysOwnConnections() {
        // The JDBC driver's sockets to the embedded PostgreSQL prove that the recorder was consulted.
        assertThat(asked).as("connection attempts seen").isNotEmpty();
        assertThat(asked).anyMatch(u -> "socket".equals(u.getScheme()));
    }

    @Test
    void everyConnectionGoesToThisMachine() {
        assertThat(asked).allSatisfy(uri -> {
            Target target = Target.of(uri);
            boolean local = isLoopback(target.host())
                    // Tomcat, pausing its connector at shutdown, wakes its own acceptor by connecting to
                    // the listening port on one of this machine's interface addresses.
                    || (target.port() == httpPort && isOwnInterface(target.host()));
            assertThat(local).as("%s goes to this machine", uri).isTrue();
        });
    }

    /** Host and port of {@code socket://host:port} or {@code http://host:port/…}; IPv6 hosts may come escaped. */
    record Target(String host, int port) {
        static Target of(URI uri) {
            if (uri.getHost() != null) {
                return new Target(uri.getHost(), uri.getPort());
            }
            String authority = URLDecoder.decode(uri.getRawSchemeSpecificPart().replace("+", "%2B")
                    .replaceFirst("^//", ""), StandardCharsets.UTF_8);
            int colon = authority.lastIndexOf(':');
            int bracket = authority.lastIndexOf(']');
            String host = colon > bracket ? authority.substring(0, colon) : authority;
            int port = colon > bracket ? Integer.parseInt(authority.substring(colon + 1).replaceAll("/.*", "")) : -1;
            return new Target(host, port);
        }
    }

    @Test
    void axonsUpdateCheckerIsNotCreated() {
        assertThat(updateCheckerBeanPresent).isFalse();
        // Excluded outright, not merely skipped because Axon noticed a test run.
        assertThat(excludedAutoConfigurations)
                .contains("org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration");
        assertThat(System.getProperty("axoniq.update-checker.disabled")).isEqualTo("true");
    }

    @Test
    void axonServerIsNotConnectedWithoutItsProfile() {
        assertThat(axonServerBeans).isEmpty();
        assertThat(commandBus).isNotEqualTo(AxonServerCommandBus.class);
    }

    private static boolean isOwnInterface(String host) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(strip(host))) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String strip(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int zone = h.indexOf('%');
        return zone < 0 ? h : h.substring(0, zone);
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = strip(host);
        if (h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
