package dev.ghp.agents.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The page's HTML, rendered on the server from the state agent-status --json gives (with the
 * page's {@code messages} and {@code timeline}): what needs the lead first (open escalations with
 * their forms, stale and waiting agents), then who holds what, messages and the timeline. Every
 * string from the record goes through {@link Html}; the only markup is written here.
 */
final class PageHtml {
    private static final int NEWEST_MESSAGES = 3;

    /** The whole page: the team inside {@code <main>}, which the script swaps for {@code /team}'s. */
    String page(ObjectNode state, String token, String answered) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>ghp agents</title><link rel=\"stylesheet\" href=\"/page.css\">"
                + "<script src=\"/page.js\" defer></script></head>\n<body>\n"
                + "<header><h1>ghp agents</h1><p class=\"live\" id=\"live\">Updated when the record changes"
                + " (reload if script is off).</p></header>\n"
                + "<main id=\"team\">" + team(state, token, answered) + "</main>\n</body></html>\n";
    }

    /** The content of {@code <main>}: each part a {@code <section data-part>} the script updates on its own. */
    String team(ObjectNode state, String token, String answered) {
        Instant now = instant(state.path("generatedAt").asText(null));
        List<Map.Entry<String, JsonNode>> agents = sortedAgents(state.path("agents"));
        StringBuilder out = new StringBuilder();
        out.append(summary(state, agents, now, answered));
        out.append(escalations(state.path("escalations"), token, now));
        out.append(agentTable(agents, now));
        out.append(blockers(agents, state.path("cycles")));
        out.append(held(agents));
        out.append(messages(state.path("messages"), now));
        out.append("<section data-part=\"timeline\"><h2>Timeline</h2>")
                .append(new TimelineSvg().render(state.path("timeline"))).append("</section>\n");
        return out.toString();
    }

    /** An answer the command refused: its reason, and the text typed, to copy before going back. */
    String refused(String id, String reason, String typed) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ghp agents: not answered</title>"
                + "<link rel=\"stylesheet\" href=\"/page.css\"></head><body><main>"
                + "<section class=\"refused\"><h2>" + Html.text(id) + " was not answered</h2>"
                + "<p class=\"error\">" + Html.lines(reason) + "</p>"
                + (typed == null || typed.isBlank() ? "" : "<p>Your answer:</p><pre>" + Html.lines(typed) + "</pre>")
                + "<p><a href=\"/\">Back to the team</a></p></section></main></body></html>\n";
    }

    private static String summary(ObjectNode state, List<Map.Entry<String, JsonNode>> agents, Instant now, String answered) {
        long stale = agents.stream().filter(a -> a.getValue().path("stale").asBoolean()).count();
        long waiting = agents.stream().filter(a -> isWaiting(a.getValue()) && !a.getValue().path("stale").asBoolean()).count();
        int open = state.path("escalations").size();
        StringBuilder out = new StringBuilder("<section data-part=\"summary\" class=\"summary\">");
        if (answered != null) {
            out.append("<p class=\"answered\">✓ ").append(Html.text(answered)).append(" answered</p>");
        }
        out.append("<ul class=\"counts\">")
                .append(count(agents.size(), "agent", "agents", ""))
                .append(count(stale, "stale", "stale", stale > 0 ? "bad" : ""))
                .append(count(waiting, "waiting or blocked", "waiting or blocked", waiting > 0 ? "warn" : ""))
                .append(count(open, "open escalation", "open escalations", open > 0 ? "bad" : ""))
                .append("</ul><p class=\"generated\">As of ").append(Html.text(clock(now))).append(" UTC · stale after ")
                .append(Html.text(brief(Duration.ofSeconds(state.path("staleAfterSeconds").asLong()))))
                .append(" of silence</p></section>\n");
        return out.toString();
    }

    private static String count(long n, String one, String many, String tone) {
        return "<li class=\"" + tone + "\"><b>" + n + "</b> " + (n == 1 ? one : many) + "</li>";
    }

    private static String escalations(JsonNode open, String token, Instant now) {
        StringBuilder out = new StringBuilder("<section data-part=\"escalations\"><h2>Needs an answer</h2>");
        if (open.isEmpty()) {
            return out.append("<p class=\"none\">No open escalation.</p></section>\n").toString();
        }
        for (JsonNode e : open) {
            String id = e.path("id").asText();
            String kind = e.path("kind").asText();
            out.append("<article class=\"escalation\" id=\"").append(Html.text(id)).append("\">")
                    .append("<p class=\"meta\"><span class=\"kind\">").append(Html.text(kind)).append("</span> ")
                    .append("<code>").append(Html.text(id)).append("</code>");
            if (!e.path("agent").isNull() && e.has("agent")) {
                out.append(" from <b>").append(Html.text(e.path("agent").asText())).append("</b>");
            }
            if (e.path("issue").isNumber()) {
                out.append(" on #").append(e.path("issue").asInt());
            }
            out.append(" · ").append(Html.text(ago(now, e.path("createdAt").asText(null)))).append("</p>")
                    .append("<p class=\"message\">").append(Html.lines(e.path("message").asText(""))).append("</p>");
            if (e.path("files").size() > 0) {
                out.append("<p class=\"files\">files: ").append(Html.text(join(e.path("files")))).append("</p>");
            }
            out.append("<form method=\"post\" action=\"/answer\" class=\"answer\">")
                    .append("<input type=\"hidden\" name=\"token\" value=\"").append(Html.escape(token)).append("\">")
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(Html.text(id)).append("\">")
                    .append("<label>Answer to ").append(Html.text(id))
                    .append("<textarea name=\"answer\" rows=\"2\" placeholder=\"Your answer\"></textarea></label>");
            if (kind.equals("approval")) {
                out.append("<button type=\"submit\" name=\"verdict\" value=\"approve\">Approve</button>")
                        .append("<button type=\"submit\" name=\"verdict\" value=\"deny\" class=\"deny\">Deny</button>");
            } else {
                out.append("<button type=\"submit\">Answer</button>");
            }
            out.append("</form></article>");
        }
        return out.append("</section>\n").toString();
    }

    private static String agentTable(List<Map.Entry<String, JsonNode>> agents, Instant now) {
        StringBuilder out = new StringBuilder("<section data-part=\"agents\"><h2>Agents</h2>");
        if (agents.isEmpty()) {
            return out.append("<p class=\"none\">No agent has reported yet.</p></section>\n").toString();
        }
        out.append("<table class=\"agents\"><thead><tr><th>Agent</th><th>Status</th><th>Issue</th>"
                + "<th>Last action</th><th>Seen</th></tr></thead><tbody>");
        for (Map.Entry<String, JsonNode> entry : agents) {
            JsonNode a = entry.getValue();
            boolean stale = a.path("stale").asBoolean();
            String status = a.path("status").asText("");
            String tone = stale ? "stale" : isWaiting(a) ? "waiting" : status.equals("done") ? "done" : "working";
            out.append("<tr class=\"").append(tone).append("\" data-agent=\"").append(Html.text(entry.getKey())).append("\">")
                    .append("<td class=\"name\">").append(Html.text(entry.getKey())).append("</td>")
                    .append("<td><span class=\"badge ").append(tone).append("\">")
                    .append(stale ? "STALE · " : "").append(Html.text(status)).append("</span></td>")
                    .append("<td>").append(a.path("issue").isNumber() ? "#" + a.path("issue").asInt() : "").append("</td>")
                    .append("<td class=\"action\">").append(Html.text(a.path("lastAction").asText(""))).append("</td>")
                    .append("<td class=\"seen\">").append(Html.text(a.path("ageSeconds").isNumber()
                            ? brief(Duration.ofSeconds(a.path("ageSeconds").asLong())) + " ago" : "?")).append("</td></tr>");
        }
        return out.append("</tbody></table></section>\n").toString();
    }

    private static String blockers(List<Map.Entry<String, JsonNode>> agents, JsonNode cycles) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, JsonNode> entry : agents) {
            JsonNode b = entry.getValue().path("blocker");
            if (b.isMissingNode()) {
                continue;
            }
            rows.append("<li><b>").append(Html.text(entry.getKey())).append("</b> waits on ")
                    .append(Html.text(b.path("ref").asText())).append(" <span class=\"state\">(")
                    .append(Html.text(b.path("state").asText())).append(")</span></li>");
        }
        for (JsonNode cycle : cycles) {
            rows.append("<li class=\"cycle\">⚠ waiting cycle: ").append(Html.text(join(cycle).replace(", ", " → "))).append("</li>");
        }
        return "<section data-part=\"blockers\"><h2>Blockers</h2>" + (rows.length() == 0
                ? "<p class=\"none\">Nobody waits on anyone.</p>" : "<ul class=\"blockers\">" + rows + "</ul>") + "</section>\n";
    }

    private static String held(List<Map.Entry<String, JsonNode>> agents) {
        Map<String, List<String>> files = new TreeMap<>();
        Map<Integer, List<String>> issues = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : agents) {
            JsonNode a = entry.getValue();
            a.path("files").forEach(f -> files.computeIfAbsent(f.asText(), k -> new ArrayList<>()).add(entry.getKey()));
            a.path("pendingFiles").forEach(f -> files.computeIfAbsent(f.asText(), k -> new ArrayList<>())
                    .add(entry.getKey() + " (asks)"));
            if (a.path("issue").isNumber()) {
                issues.computeIfAbsent(a.path("issue").asInt(), k -> new ArrayList<>()).add(entry.getKey());
            }
        }
        StringBuilder out = new StringBuilder("<section data-part=\"held\"><h2>Who holds what</h2>");
        if (files.isEmpty() && issues.isEmpty()) {
            return out.append("<p class=\"none\">No issue or file is claimed.</p></section>\n").toString();
        }
        out.append("<table class=\"held\"><thead><tr><th>Issue or file</th><th>Held by</th></tr></thead><tbody>");
        issues.forEach((issue, who) -> out.append("<tr").append(who.size() > 1 ? " class=\"contested\"" : "").append("><td>#")
                .append(issue).append("</td><td>").append(Html.text(String.join(", ", who))).append("</td></tr>"));
        files.forEach((file, who) -> out.append("<tr").append(who.size() > 1 ? " class=\"contested\"" : "").append("><td><code>")
                .append(Html.text(file)).append("</code></td><td>").append(Html.text(String.join(", ", who))).append("</td></tr>"));
        return out.append("</tbody></table></section>\n").toString();
    }

    private static String messages(JsonNode messages, Instant now) {
        StringBuilder out = new StringBuilder("<section data-part=\"messages\"><h2>Unread messages</h2>");
        List<String> names = new ArrayList<>();
        messages.fieldNames().forEachRemaining(names::add);
        names.removeIf(n -> messages.path(n).path("unread").asInt() == 0);
        if (names.isEmpty()) {
            return out.append("<p class=\"none\">Every inbox is read.</p></section>\n").toString();
        }
        out.append("<ul class=\"inboxes\">");
        for (String name : names) {
            JsonNode m = messages.path(name);
            out.append("<li><b>").append(Html.text(name)).append("</b> <span class=\"unread\">")
                    .append(m.path("unread").asInt()).append(" unread</span><ul>");
            int shown = 0;
            for (JsonNode msg : m.path("newest")) {
                if (shown++ == NEWEST_MESSAGES) {
                    break;
                }
                out.append("<li><span class=\"from\">").append(Html.text(msg.path("from").asText())).append("</span> ")
                        .append(Html.lines(msg.path("text").asText(""))).append(" <span class=\"age\">")
                        .append(Html.text(ago(now, msg.path("createdAt").asText(null)))).append("</span></li>");
            }
            out.append("</ul></li>");
        }
        return out.append("</ul></section>\n").toString();
    }

    /** Stale first, then waiting and blocked, then the rest; by name within each. */
    private static List<Map.Entry<String, JsonNode>> sortedAgents(JsonNode agents) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        agents.fields().forEachRemaining(out::add);
        out.sort(Comparator.<Map.Entry<String, JsonNode>>comparingInt(e -> rank(e.getValue())).thenComparing(Map.Entry::getKey));
        return out;
    }

    private static int rank(JsonNode a) {
        if (a.path("stale").asBoolean()) {
            return 0;
        }
        if (isWaiting(a)) {
            return 1;
        }
        return a.path("status").asText("").equals("done") ? 3 : 2;
    }

    private static boolean isWaiting(JsonNode a) {
        String s = a.path("status").asText("");
        return s.equals("waiting") || s.equals("blocked");
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(", ", parts);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String clock(Instant t) {
        return t == null ? "?" : t.toString().substring(11, 19);
    }

    private static String ago(Instant now, String then) {
        Instant t = instant(then);
        if (now == null || t == null) {
            return "";
        }
        Duration d = Duration.between(t, now);
        return d.isNegative() ? "just now" : brief(d) + " ago";
    }

    private static String brief(Duration d) {
        return Durations.brief(d);
    }
}
