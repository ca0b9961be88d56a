package dev.locus.sweep.launch;

import dev.locus.core.LocusException;
import dev.locus.sweep.LocusCommand;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The local launcher's workers: {@code workers} slots, each running one task process at a time until the queue is
 * empty. On a GPU machine slot k sees GPU k mod n alone (CUDA_VISIBLE_DEVICES); every task gets its share of the
 * cores as threads (LOCUS_THREADS, OMP_NUM_THREADS), so that workers do not fight over them. Each task's output is
 * appended to its run's log.
 */
final class WorkerPool {
    /** Pools running in this process, by sweep folder: what {@link LocalLauncher#live} sees of them. */
    static final Map<Path, WorkerPool> ACTIVE = new ConcurrentHashMap<>();

    private final Path dir;
    private final List<String> command;
    private final int workers;
    private final int threads;
    private final int gpus;
    private final Queue<Integer> queue;
    private final Map<Integer, Process> running = new ConcurrentHashMap<>();
    /** Taken from the queue and not yet finished: polled and added under one lock, so no run is between the two. */
    private final java.util.Set<Integer> inFlight = new java.util.HashSet<>();
    private final List<Thread> slots = new ArrayList<>();
    private volatile boolean stopped;

    WorkerPool(Path dir, List<String> command, List<Integer> indexes, int workers, int gpus) {
        this.dir = dir.toAbsolutePath();
        this.command = List.copyOf(command);
        this.workers = workers;
        this.gpus = gpus;
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        this.queue = new ConcurrentLinkedQueue<>(indexes);
    }

    /** Starts the slots and returns; {@link #await} waits for them. */
    WorkerPool start() {
        List<SweepEntry> entries = SweepManifest.read(dir);
        ACTIVE.put(dir, this);
        for (int k = 0; k < workers; k++) {
            int slot = k;
            Thread t = new Thread(() -> work(slot, entries), "locus-sweep-worker-" + k);
            t.setDaemon(false);
            slots.add(t);
            t.start();
        }
        Thread done = new Thread(() -> {
            awaitSlots();
            ACTIVE.remove(dir, this);
        }, "locus-sweep-pool");
        done.setDaemon(true);
        done.start();
        return this;
    }

    private void work(int slot, List<SweepEntry> entries) {
        Integer index;
        while (!stopped && (index = next()) != null) {
            SweepEntry e = entries.get(index);
            ProcessBuilder pb = new ProcessBuilder(LocusCommand.task(command, dir, index))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(SweepFiles.log(dir, e.id()).toFile()));
            pb.environment().put("LOCUS_THREADS", Integer.toString(threads));
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            if (gpus > 0) {
                pb.environment().put("CUDA_VISIBLE_DEVICES", Integer.toString(slot % gpus));
            }
            try {
                Process p = pb.start();
                running.put(index, p);
                if (stopped) {
                    p.destroy();
                }
                p.waitFor();
            } catch (IOException x) {
                throw new LocusException("cannot start a worker (" + String.join(" ", pb.command()) + "): "
                        + x.getMessage(), x);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                running.remove(index);
                synchronized (this) {
                    inFlight.remove(index);
                }
            }
        }
    }

    private synchronized Integer next() {
        Integer i = queue.poll();
        if (i != null) {
            inFlight.add(i);
        }
        return i;
    }

    /** Indexes waiting for a slot. */
    synchronized List<Integer> waiting() {
        return List.copyOf(queue);
    }

    /** Indexes a slot has taken and not finished. */
    synchronized List<Integer> inFlight() {
        return List.copyOf(inFlight);
    }

    /** Empties the queue and sends SIGTERM to every running task (each writes its status: cancelled). */
    void stop() {
        stopped = true;
        synchronized (this) {
            queue.clear();
        }
        for (Process p : running.values()) {
            p.destroy();
        }
        for (Process p : running.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until every slot has finished (the pool then leaves {@link #ACTIVE}). */
    void await() {
        awaitSlots();
        ACTIVE.remove(dir, this);
    }

    private void awaitSlots() {
        for (Thread t : slots) {
            try {
                t.join();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
