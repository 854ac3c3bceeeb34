package dev.ghp.agents.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps tokens out of everything ghp prints: the values of the token variables, and passwords
 * written into remote URLs ({@code https://user:secret@host/…}), become {@code ***}.
 */
public final class Secrets {
    static final List<String> TOKEN_VARIABLES = List.of("GITHUB_TOKEN", "GH_TOKEN");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@\\s:]*):[^/@\\s]*@");

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    public static Secrets from(Map<String, String> env) {
        List<String> values = new ArrayList<>();
        for (String name : TOKEN_VARIABLES) {
            String v = env.get(name);
            if (v != null && v.length() >= 4) {
                values.add(v);
            }
        }
        return new Secrets(values);
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_PASSWORD.matcher(text).replaceAll("$1:***@");
        for (String v : values) {
            out = out.replace(v, "***");
        }
        return out;
    }
}
