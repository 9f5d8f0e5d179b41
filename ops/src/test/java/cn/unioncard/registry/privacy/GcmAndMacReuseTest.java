package cn.unioncard.registry.privacy;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cipher and MAC objects reused per thread behave as fresh ones: every message has its own
 * nonce, a failed message leaves nothing behind for the next, threads do not disturb each other,
 * and the master key's keyed hashes are the documented HMAC(HMAC(master, "ucr-mac:" + purpose), data).
 */
class GcmAndMacReuseTest {

    private static SecretKey randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new SecretKeySpec(raw, "AES");
    }

    @Test
    void everyMessageHasAFreshNonceAndAFailureLeavesNothingBehind() {
        SecretKey key = randomKey();
        byte[] plain = "欧阳晓岚".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "pd1:s:name".getBytes(StandardCharsets.UTF_8);
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] sealed = Gcm.seal(key, plain, aad);
            assertThat(sealed).hasSize(12 + plain.length + 16);
            nonces.add(Base64.getEncoder().encodeToString(Arrays.copyOf(sealed, 12)));
            assertThat(Gcm.open(key, sealed, aad)).isEqualTo(plain);
            byte[] altered = sealed.clone();
            altered[altered.length - 1] ^= 1;
            assertThatThrownBy(() -> Gcm.open(key, altered, aad)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> Gcm.open(key, sealed, "pd1:s:mobile".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> Gcm.open(randomKey(), sealed, aad)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(nonces).hasSize(1000);
        assertThat(Gcm.open(key, Gcm.seal(key, new byte[0], aad), aad)).isEmpty();
    }

    @Test
    void threadsSealAndOpenWithoutDisturbingEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    SecretKey key = randomKey();
                    for (int i = 0; i < 2000; i++) {
                        byte[] plain = ("member " + thread + "/" + i).getBytes(StandardCharsets.UTF_8);
                        byte[] aad = ("aad " + i).getBytes(StandardCharsets.UTF_8);
                        assertThat(Gcm.open(key, Gcm.seal(key, plain, aad), aad)).isEqualTo(plain);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theMasterKeysKeyedHashIsTheDocumentedOneForEveryPurpose() throws Exception {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        MasterKey master = new MasterKey(Path.of("unused"), Base64.getEncoder().encodeToString(raw));
        for (String purpose : List.of("login-throttle-name", "idempotency-fingerprint", "login-throttle-name")) {
            byte[] data = ("data for " + purpose).getBytes(StandardCharsets.UTF_8);
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(raw, "HmacSHA256"));
            Mac expected = Mac.getInstance("HmacSHA256");
            expected.init(new SecretKeySpec(derive.doFinal(("ucr-mac:" + purpose).getBytes(StandardCharsets.UTF_8)),
                    "HmacSHA256"));
            assertThat(master.mac(purpose, data)).isEqualTo(expected.doFinal(data));
        }
        assertThat(master.mac("a", new byte[1])).isNotEqualTo(master.mac("b", new byte[1]));
        // A sealed record and a wrapped key still round-trip through the shared cipher.
        assertThat(master.open("ctx", master.seal("ctx", new byte[]{1, 2, 3}))).containsExactly(1, 2, 3);
        assertThat(master.unwrap("s", master.wrap("s", raw))).isEqualTo(raw);
    }
}
