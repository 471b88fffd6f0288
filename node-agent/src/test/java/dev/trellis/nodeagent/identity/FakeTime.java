package dev.trellis.nodeagent.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and a scheduler that only move when the test says so; due tasks run in the test's thread. */
final class FakeTime extends Clock implements Scheduler {

    private Instant now;
    private final List<Task> tasks = new ArrayList<>();

    FakeTime(Instant start) {
        this.now = start;
    }

    /** Moves time forward, running every task that falls due, in due order. */
    void advance(Duration by) {
        Instant target = now.plus(by);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(target)).min(Comparator.comparing(t -> t.due))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = next.due;
            }
            next.task.run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), task);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                tasks.remove(t);
            }
        };
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    private record Task(Instant due, Runnable task) {
    }
}
