package org.snaptarget.metrics;

/**
 * What snapshot creates cost the writers of one pool (issue 5: "no pause longer than one
 * commit"): for every create, how long writes were held back and how many store commits
 * completed while the snapshot held the pool exclusively.
 *
 * <p>A pause runs from the moment the create asks for the exclusive side of the pool's barrier
 * (from then on new writes queue behind it) until it lets go; it includes waiting for the writes
 * already in flight. Commits are counted only while the exclusive side is held: the create's own
 * commit must be one of them, and any other is a commit the writers waited for in vain. The
 * structural bound is therefore "every pause held exactly one commit": {@link Summary#commits()}
 * equals {@link Summary#pauses()} and {@link Summary#maxCommitsInOnePause()} is 1.
 *
 * <p>Thread-safe: {@link #record} and {@link #summary} synchronize on this object; creates are
 * serialised by the barrier anyway, so there is no contention worth a lock-free design.
 */
public final class SnapshotPauses {

    private final LatencyHistogram pauses = new LatencyHistogram();
    private long count;
    private long commits;
    private long maxCommits;
    private long maxPauseNanos;
    private long maxCommitNanos;

    /**
     * Records one create.
     *
     * @param pauseNanos  from asking for the exclusive side to releasing it
     * @param commits     store commits completed while it was held
     * @param commitNanos duration of the latest of those commits (ignored when there was none)
     */
    public synchronized void record(long pauseNanos, long commits, long commitNanos) {
        if (pauseNanos < 0 || commits < 0) {
            throw new IllegalArgumentException("pause " + pauseNanos + " ns with " + commits + " commits");
        }
        pauses.observe(pauseNanos);
        count++;
        this.commits += commits;
        maxCommits = Math.max(maxCommits, commits);
        maxPauseNanos = Math.max(maxPauseNanos, pauseNanos);
        if (commits > 0) {
            maxCommitNanos = Math.max(maxCommitNanos, commitNanos);
        }
    }

    /** Everything recorded so far, as one consistent copy. */
    public synchronized Summary summary() {
        return new Summary(pauses.snapshot(), count, commits, maxCommits, maxPauseNanos, maxCommitNanos);
    }

    /**
     * @param pauseHistogram       pause durations
     * @param pauses               creates recorded
     * @param commits              commits completed inside all pauses together
     * @param maxCommitsInOnePause the most commits any single pause held
     * @param maxPauseNanos        the longest pause
     * @param maxCommitNanos       the longest commit that completed inside a pause
     */
    public record Summary(LatencyHistogram.Snapshot pauseHistogram, long pauses, long commits,
                          long maxCommitsInOnePause, long maxPauseNanos, long maxCommitNanos) {
    }
}
