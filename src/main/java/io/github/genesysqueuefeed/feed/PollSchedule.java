package io.github.genesysqueuefeed.feed;

/**
 * Whether an org's poll tick takes a snapshot ({@code filter} on {@code pollSchedule.due} in the poll route), and what
 * a finished batch tells the schedule ({@code pollSchedule.reconciled}). Polled feeds poll every tick: always due,
 * nothing to note. Push mode replaces the answers (poll only to reconcile what the notifications said), which is why
 * both are steps of the route already, and a bean looked up by name.
 */
public class PollSchedule {

    /** True when the tick of {@code org} should take a snapshot. */
    public boolean due(String org) {
        return true;
    }

    /** A batch of {@code org} was observed and turned into events (the body); nothing to note for a polled feed. */
    public void reconciled(String org) {
    }
}
