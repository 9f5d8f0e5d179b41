package cn.unioncard.registry.it.account;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RawHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Logins from a chosen loopback address, so that the registry sees them coming from another client. */
final class FromAddress {

    private FromAddress() {
    }

    /** A login attempt on the registry at {@code port} from {@code source} (e.g. "127.0.5.1"). */
    static RawHttp.Answer login(int port, String source, String username, String password, String... headers) {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"Content-Type", "application/json"});
        for (int i = 0; i < headers.length; i += 2) {
            all.add(new String[] {headers[i], headers[i + 1]});
        }
        try {
            byte[] body = Api.JSON.writeValueAsString(Map.of("username", username, "password", password))
                    .getBytes(StandardCharsets.UTF_8);
            return new RawHttp(port, source).send("POST", "/api/auth/token", all, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
