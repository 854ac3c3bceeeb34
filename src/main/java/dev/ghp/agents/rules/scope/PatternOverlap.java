package dev.ghp.agents.rules.scope;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Whether two file-scope patterns overlap: whether some path is covered by both. Comparing the
 * strings would miss {@code src/**} against {@code *.java}; this decides it exactly.
 *
 * <p>Each pattern is an automaton over path characters ({@link ScopePattern}). The paths both
 * cover are those accepted by the product automaton, whose states are pairs of states, plus one
 * bit saying whether the next character starts a segment (so that only real paths count: no
 * leading, trailing or double slash). A shortest-path search from the pair of start states either
 * reaches a pair where both accept, and the characters read on the way are a shortest example path,
 * or runs out of pairs, and then no path is covered by both. The alphabet is infinite, so the
 * search reads one representative of each class of characters that no pattern step tells apart:
 * the boundaries of every character set in the two automata cut the code points into intervals
 * inside which every step accepts all characters or none. The search is exact, and it is small:
 * at most (states of A) x (states of B) x 2 pairs, each tried with one character per interval.
 */
public final class PatternOverlap {
    private static final int HIDDEN_NAME_PENALTY = 8;

    private PatternOverlap() {
    }

    /**
     * The patterns of {@code a} that overlap some pattern of {@code b}, sorted. A pattern that does
     * not parse (written by hand, or by a newer version) overlaps only the same text.
     */
    public static List<String> overlapping(List<String> a, List<String> b) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String x : a) {
            ScopePattern px = parseOrNull(x);
            for (String y : b) {
                ScopePattern py = parseOrNull(y);
                boolean overlaps = px == null || py == null ? x.equals(y) : overlap(px, py);
                if (overlaps) {
                    out.add(x);
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    private static ScopePattern parseOrNull(String text) {
        try {
            return ScopePattern.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static boolean overlap(ScopePattern a, ScopePattern b) {
        return example(a, b).isPresent();
    }

    /** A shortest path covered by both patterns, or empty when they are disjoint. */
    public static Optional<String> example(ScopePattern a, ScopePattern b) {
        ScopePattern.Nfa na = a.nfa();
        ScopePattern.Nfa nb = b.nfa();
        int[] alphabet = representatives(na, nb);

        Map<Long, Long> parent = new HashMap<>();
        Map<Long, Integer> via = new HashMap<>();
        Map<Long, Integer> cost = new HashMap<>();
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        long startKey = key(na.start, nb.start, true);
        parent.put(startKey, -1L);
        cost.put(startKey, 0);
        queue.add(new long[]{0, startKey});
        while (!queue.isEmpty()) {
            long[] head = queue.poll();
            long k = head[1];
            if (head[0] > cost.get(k)) {
                continue;
            }
            int sa = (int) (k >>> 33);
            int sb = (int) ((k >>> 1) & 0xffffffffL);
            boolean segmentStart = (k & 1) == 1;
            BitSet ca = na.closure(sa);
            BitSet cb = nb.closure(sb);
            if (!segmentStart && ca.intersects(na.accept) && cb.intersects(nb.accept)) {
                return Optional.of(path(k, parent, via));
            }
            for (int c : alphabet) {
                if (c == '/' && segmentStart) {
                    continue;
                }
                List<Integer> ta = targets(na, ca, c);
                if (ta.isEmpty()) {
                    continue;
                }
                List<Integer> tb = targets(nb, cb, c);
                // A name that starts with '.' (a hidden file, or ".java" from an empty '*') reads badly:
                // it is found only when no other example of about the same length exists.
                int step = segmentStart && c == '.' ? HIDDEN_NAME_PENALTY : 1;
                int next = cost.get(k) + step;
                for (int x : ta) {
                    for (int y : tb) {
                        long nk = key(x, y, c == '/');
                        Integer known = cost.get(nk);
                        if (known == null || next < known) {
                            cost.put(nk, next);
                            parent.put(nk, k);
                            via.put(nk, c);
                            queue.add(new long[]{next, nk});
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static long key(int a, int b, boolean segmentStart) {
        return ((long) a << 33) | ((long) b << 1) | (segmentStart ? 1 : 0);
    }

    private static String path(long k, Map<Long, Long> parent, Map<Long, Integer> via) {
        StringBuilder reversed = new StringBuilder();
        List<Integer> chars = new ArrayList<>();
        for (long cur = k; parent.get(cur) != -1L; cur = parent.get(cur)) {
            chars.add(via.get(cur));
        }
        for (int i = chars.size() - 1; i >= 0; i--) {
            reversed.appendCodePoint(chars.get(i));
        }
        return reversed.toString();
    }

    /** The states reached from a closure on one character (not yet closed). */
    private static List<Integer> targets(ScopePattern.Nfa n, BitSet from, int c) {
        List<Integer> out = new ArrayList<>();
        for (int s = from.nextSetBit(0); s >= 0; s = from.nextSetBit(s + 1)) {
            for (ScopePattern.Edge e : n.edges.get(s)) {
                if (e.set().contains(c) && !out.contains(e.to())) {
                    out.add(e.to());
                }
            }
        }
        return out;
    }

    /** One readable character from each interval of code points that no step of either automaton splits. */
    static int[] representatives(ScopePattern.Nfa a, ScopePattern.Nfa b) {
        TreeSet<Integer> bounds = new TreeSet<>();
        bounds.add(0);
        CharSet.SLASH.addBoundaries(bounds);
        for (ScopePattern.Nfa n : List.of(a, b)) {
            for (List<ScopePattern.Edge> edges : n.edges) {
                for (ScopePattern.Edge e : edges) {
                    e.set().addBoundaries(bounds);
                }
            }
        }
        List<Integer> points = new ArrayList<>(bounds);
        List<Integer> reps = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            int lo = points.get(i);
            int hi = i + 1 < points.size() ? points.get(i + 1) - 1 : CharSet.MAX;
            int rep = readable(lo, hi);
            if (rep >= 0) {
                reps.add(rep);
            }
        }
        // Readable characters first, so that the first example found reads well ("src/x.java").
        reps.sort(java.util.Comparator.comparingInt(c -> {
            int rank = PREFERRED.indexOf(c);
            return rank >= 0 ? rank : PREFERRED.length() + c;
        }));
        return reps.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final String PREFERRED = "xabcdefghijklmnopqrstuvwyzXABCDEFGHIJKLMNOPQRSTUVWYZ0123456789_-";

    private static int readable(int lo, int hi) {
        for (int i = 0; i < PREFERRED.length(); i++) {
            char c = PREFERRED.charAt(i);
            if (c >= lo && c <= hi) {
                return c;
            }
        }
        int start = Math.max(lo, 0x20);
        if (start == 0x7f) {
            start = 0xa0;
        } else if (start >= 0x80 && start < 0xa0) {
            start = 0xa0;
        }
        if (start > hi) {
            return lo == 0 ? -1 : lo; // only control characters here: no path needs them, but be exact
        }
        return start;
    }
}
