package dev.ghp.agents.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The page's access token: 256 random bits from {@link SecureRandom}, new each time the page is
 * served, printed once in its URL. Compared in constant time, so a wrong guess learns nothing
 * from how long the refusal took.
 */
final class PageToken {
    private final String value;

    private PageToken(String value) {
        this.value = value;
    }

    static PageToken random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new PageToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    String value() {
        return value;
    }

    boolean matches(String given) {
        return given != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
