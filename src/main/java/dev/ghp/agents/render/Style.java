package dev.ghp.agents.render;

/** ANSI styling that disappears when colour is off (NO_COLOR, a pipe, TERM=dumb). */
public record Style(boolean colour) {
    public String red(String s) { return wrap("31", s); }
    public String yellow(String s) { return wrap("33", s); }
    public String green(String s) { return wrap("32", s); }
    public String cyan(String s) { return wrap("36", s); }
    public String dim(String s) { return wrap("2", s); }
    public String bold(String s) { return wrap("1", s); }

    private String wrap(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
