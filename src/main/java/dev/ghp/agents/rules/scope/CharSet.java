package dev.ghp.agents.rules.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of code points as sorted, disjoint, inclusive ranges: what one step of a pattern accepts.
 * Sets are small (a literal, a bracket class, "anything but /"), so a list of ranges is enough.
 */
final class CharSet {
    static final int MAX = Character.MAX_CODE_POINT;
    static final CharSet ANY = new CharSet(List.of(new int[]{0, MAX}));
    static final CharSet SLASH = of('/');
    static final CharSet NOT_SLASH = SLASH.complement();

    private final List<int[]> ranges;

    private CharSet(List<int[]> ranges) {
        this.ranges = ranges;
    }

    static CharSet of(int c) {
        return new CharSet(List.of(new int[]{c, c}));
    }

    /** The union of possibly overlapping ranges. */
    static CharSet union(Collection<int[]> parts) {
        List<int[]> sorted = new ArrayList<>(parts);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            if (r[0] > r[1]) {
                continue;
            }
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new int[]{r[0], r[1]});
            }
        }
        return new CharSet(List.copyOf(merged));
    }

    CharSet complement() {
        List<int[]> out = new ArrayList<>();
        int next = 0;
        for (int[] r : ranges) {
            if (r[0] > next) {
                out.add(new int[]{next, r[0] - 1});
            }
            next = r[1] + 1;
        }
        if (next <= MAX) {
            out.add(new int[]{next, MAX});
        }
        return new CharSet(out);
    }

    /** This set without '/': no single step of a gitignore pattern except a {@code **} crosses a directory. */
    CharSet withoutSlash() {
        List<int[]> out = new ArrayList<>();
        for (int[] r : ranges) {
            if (r[0] <= '/' && '/' <= r[1]) {
                out.add(new int[]{r[0], '/' - 1});
                out.add(new int[]{'/' + 1, r[1]});
            } else {
                out.add(r);
            }
        }
        return union(out);
    }

    boolean contains(int c) {
        for (int[] r : ranges) {
            if (c < r[0]) {
                return false;
            }
            if (c <= r[1]) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Adds where membership can change: every range start and every point just past a range end. */
    void addBoundaries(TreeSet<Integer> into) {
        for (int[] r : ranges) {
            into.add(r[0]);
            if (r[1] < MAX) {
                into.add(r[1] + 1);
            }
        }
    }
}
