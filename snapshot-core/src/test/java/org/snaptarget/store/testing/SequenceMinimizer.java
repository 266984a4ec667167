package org.snaptarget.store.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing operation sequence to a short one that still fails, by removing ever
 * smaller runs of operations (delta debugging), so that an engine bug can be reported as a few
 * steps. Deterministic; each probe reruns the sequence from a fresh pool.
 */
public final class SequenceMinimizer {

    private SequenceMinimizer() {
    }

    /** A sequence no run of which can be removed without {@code fails} turning false. */
    public static List<PoolOp> minimize(List<PoolOp> ops, Predicate<List<PoolOp>> fails) {
        List<PoolOp> current = new ArrayList<>(ops);
        for (int run = Math.max(1, current.size() / 2); run >= 1; run = run == 1 ? 0 : run / 2) {
            boolean removed = true;
            while (removed) {
                removed = false;
                for (int from = 0; from < current.size(); ) {
                    List<PoolOp> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(Math.min(current.size(), from + run), current.size()));
                    if (!candidate.isEmpty() && fails.test(candidate)) {
                        current = candidate;
                        removed = true;
                    } else {
                        from += run;
                    }
                }
            }
        }
        return current;
    }

    /** The sequence as Java source, one operation a line, for a bug report or a regression test. */
    public static String asJava(List<PoolOp> ops) {
        StringBuilder sb = new StringBuilder("List.of(\n");
        for (int i = 0; i < ops.size(); i++) {
            sb.append("        new PoolOp.").append(ops.get(i).toString()
                    .replaceAll("([A-Za-z]+)\\[", "$1(").replaceAll("\\]$", ")")
                    .replaceAll("[a-zA-Z]+=", "")
                    .replaceAll("(-?\\d{10,})", "$1L"));
            sb.append(i + 1 < ops.size() ? ",\n" : ")");
        }
        return sb.toString();
    }
}
