package io.github.genesysqueuefeed.ops;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Error}s (OutOfMemoryError, StackOverflowError, ...) that hit this feed: each one logged once, in one line
 * naming what it hit, and the first one kept as the reason liveness is DOWN from then on (after an Error the JVM's
 * state is suspect: a restart is the cure). Camel catches Throwable around processors and turns it into the exchange's
 * exception, which {@code doCatch(Exception.class)} and {@code onException(Exception.class)} do not see, and an Error
 * escaping a pool task ends up in a Future nobody reads; Camel has no hook that reports either, hence this class.
 *
 * <p>{@link #installUncaughtHandler()} makes the JVM-wide default uncaught exception handler report Errors on any
 * other thread to every running feed (one in production; several in a test JVM).
 */
public final class FatalErrors {

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
    /** Each Error is logged once, however many layers (route, pool, uncaught handler) see it; identity, weakly held. */
    private static final Set<Throwable> LOGGED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static final CopyOnWriteArrayList<FatalErrors> RUNNING = new CopyOnWriteArrayList<>();
    private static final Object INSTALL = new Object();
    private static volatile boolean installed;

    private final AtomicReference<String> first = new AtomicReference<>();

    /**
     * Records {@code error}, which hit {@code where} (route id, org, ...; the thread is added), and logs it unless it was
     * logged before. Non-Errors are ignored: they are the routes' business.
     */
    public void record(Throwable error, String where) {
        if (!(error instanceof Error)) {
            return;
        }
        String line = describe(error, where);
        first.compareAndSet(null, line);
        if (LOGGED.add(error)) {
            LOG.error("{}; /observe/health/live is DOWN from now on so the orchestrator restarts the feed", line);
        }
    }

    /** The first Error's description, or null while none happened. */
    public String reason() {
        return first.get();
    }

    /** The Error in {@code failure} or its causes, or null. */
    public static Error errorIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error error) {
                return error;
            }
        }
        return null;
    }

    /** One line: the Error, where it hit, the thread and the frame that threw it (a StackOverflowError has 1000s). */
    static String describe(Throwable error, String where) {
        StackTraceElement[] trace = error.getStackTrace();
        String frame = trace.length == 0 ? "" : " at " + trace[0];
        return error + " in " + where + " (seen on thread '" + Thread.currentThread().getName() + "')" + frame;
    }

    /** From now on Errors on threads that nobody catches are recorded here too; {@link #stopListening()} ends it. */
    public void listen() {
        installUncaughtHandler();
        RUNNING.add(this);
    }

    public void stopListening() {
        RUNNING.remove(this);
    }

    /** Idempotent: the JVM-wide default handler; Errors go to every listening feed, everything else is logged once. */
    static void installUncaughtHandler() {
        synchronized (INSTALL) {
            if (installed) {
                return;
            }
            Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
                try {
                    if (failure instanceof Error) {
                        String where = "thread '" + thread.getName() + "' (uncaught)";
                        if (RUNNING.isEmpty()) {
                            new FatalErrors().record(failure, where);
                        }
                        RUNNING.forEach(errors -> errors.record(failure, where));
                    } else if (LOGGED.add(failure)) {
                        LOG.warn("uncaught {} on thread '{}'", failure, thread.getName(), failure);
                    }
                } finally {
                    if (previous != null) {
                        previous.uncaughtException(thread, failure);
                    }
                }
            });
            installed = true;
        }
    }
}
