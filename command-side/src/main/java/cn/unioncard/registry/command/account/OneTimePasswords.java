package cn.unioncard.registry.command.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/**
 * Random initial passwords (the seed's offline client used a fixed "1"; we do not) and the one
 * place passwords are hashed.
 */
@Component
public class OneTimePasswords {

    // No 0/O, 1/l/I: a clerk reads these off a screen and types them in.
    private static final char[] ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final int LENGTH = 14;

    private final SecureRandom random = new SecureRandom();
    private final PasswordEncoder encoder;

    public OneTimePasswords(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    public String generate() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    public String hash(String password) {
        return encoder.encode(password);
    }
}
