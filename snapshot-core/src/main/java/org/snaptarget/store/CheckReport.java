package org.snaptarget.store;

import java.util.List;

/**
 * The result of the invariant checker: every problem found, each with its location.
 *
 * @param problems  empty when the pool is consistent
 * @param nodes     tree nodes visited
 * @param entries   exception entries visited
 */
public record CheckReport(List<String> problems, long nodes, long entries) {

    public CheckReport {
        problems = List.copyOf(problems);
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
