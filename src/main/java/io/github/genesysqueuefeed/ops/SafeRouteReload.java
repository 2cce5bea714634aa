package io.github.genesysqueuefeed.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a change of a watched routes file does: load it, and if its routes do not all start, put the last version that
 * ran back, in one log line naming the file and the cause.
 *
 * <p>Why Camel's own {@link RouteWatcherReloadStrategy} is not enough: with
 * {@code camel.main.routes-reload-remove-all-routes=false} (required, or the routes made from templates would go too) it stops and
 * removes every route of the file whose id the new version names, then adds the new ones; when one of them cannot be
 * built or started (a valid YAML naming a bean that does not exist), the old routes are gone and the new ones do not
 * run. Its "previous sources" memory only helps with remove-all-routes=true, and it re-reads files from disk, which
 * hold the broken version. A syntax error is harmless (the file is parsed before anything is removed), but nothing
 * published until someone fixed the file in the other case. So this keeps the text of the last version of each file
 * that ran, and loads it again when a new version fails. Camel's watcher (folder, pattern, debounce) stays: only its
 * callback is replaced ({@link #installOn}). Camel's reload also leaves routes made from a route template as they were
 * built: after each load, {@link TemplatedRoutes} makes them again from the file's new version.
 *
 * Why this is long: load, verify and roll back share the per-file memory of the last good version.
 */
public final class SafeRouteReload implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(SafeRouteReload.class);
    /** How long a rollback waits for a route's in-flight exchanges before stopping it anyway. */
    private static final long ROLLBACK_STOP_SECONDS = 5;

    private final CamelContext context;
    private final ExpectedRoutes expected;
    private final TemplatedRoutes templated;
    /** Per routes file (absolute path): the text of the last version whose routes all started, and their ids. */
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();
    private final Map<Path, Set<String>> lastGoodIds = new ConcurrentHashMap<>();

    private SafeRouteReload(CamelContext context, ExpectedRoutes expected, TemplatedRoutes templated) {
        this.context = context;
        this.expected = expected;
        this.templated = templated;
    }

    /**
     * Replaces the callback of the route watcher Camel Main added for {@code camel.main.routes-reload-enabled=true}
     * (before the context starts, so its own callback is never set); null when reloading is off.
     *
     * @param templated makes the routes of a reloaded file's templates again (Camel does not)
     */
    public static SafeRouteReload installOn(CamelContext context, ExpectedRoutes expected, TemplatedRoutes templated) {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null) {
            return null;
        }
        SafeRouteReload reload = new SafeRouteReload(context, expected, templated);
        watcher.setResourceReload(reload);
        return reload;
    }

    /** Once the context has started: the files the running routes came from are the last good versions. */
    public void rememberRunning() {
        for (Route route : context.getRoutes()) {
            Path file = fileOf(route.getSourceResource());
            if (file == null) {
                continue;                           // a Java route
            }
            lastGoodIds.computeIfAbsent(file, f -> ConcurrentHashMap.newKeySet()).add(route.getRouteId());
            try {
                lastGood.putIfAbsent(file, Files.readString(file));
            } catch (Exception e) {
                LOG.warn("routes file {} cannot be read ({}): a broken edit of it cannot be rolled back", file, e.toString());
            }
        }
    }

    @Override
    public synchronized void onReload(String name, Resource resource) {
        Path file = fileOf(resource);
        if (file == null || !Files.exists(file)) {
            LOG.warn("routes file {} was removed: its routes keep running until a restart", name);
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (Exception e) {
            LOG.warn("routes file {} cannot be read, the running routes stay: {}", file, e.toString());
            return;
        }
        if (text.equals(lastGood.get(file))) {
            return;                                 // saved again unchanged, or the watcher saw one save twice
        }
        if (text.isBlank()) {
            // an editor or a copy truncates before it writes: the watcher sees the empty file first and the written
            // one right after; an empty routes file is never an edit worth an error line (its routes would stay anyway)
            LOG.debug("routes file {} is empty for now: waiting for the next change", file);
            return;
        }
        try {
            Set<String> ids = load(file, resource.getLocation(), text);
            lastGood.put(file, text);
            lastGoodIds.put(file, ConcurrentHashMap.newKeySet());
            lastGoodIds.get(file).addAll(ids);
            expected.expect(ids);
            LOG.info("routes file {} reloaded: {} started", file, String.join(", ", ids));
        } catch (Exception e) {
            String cause = causeOf(e);
            LOG.error("routes file {} rejected: {}; {}", file, cause, restore(file, resource.getLocation()));
        }
    }

    /**
     * Loads {@code text} as the file at {@code location}, then makes its templates' routes again (Camel's update
     * replaces a template, not the routes made from it); fails unless every route it names started.
     */
    private Set<String> load(Path file, String location, String text) throws Exception {
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        Set<String> ids = new LinkedHashSet<>(loader.updateRoutes(List.of(ResourceHelper.fromString(location, text))));
        ids.addAll(templated.remake(file));
        List<String> notStarted = new ArrayList<>();
        for (String id : ids) {
            if (context.getRouteController().getRouteStatus(id) != ServiceStatus.Started) {
                notStarted.add(id);
            }
        }
        if (!notStarted.isEmpty()) {
            throw new IllegalStateException("routes did not start: " + String.join(", ", notStarted));
        }
        return ids;
    }

    /** Puts the last good version back unless it still runs untouched (a syntax error removes nothing). */
    private String restore(Path file, String location) {
        String good = lastGood.get(file);
        Set<String> goodIds = new HashSet<>(lastGoodIds.getOrDefault(file, Set.of()));
        goodIds.addAll(templated.madeFrom(file));     // they have no routes file of their own
        if (good == null) {
            return "no earlier version of it ran";
        }
        List<String> strays = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (file.equals(fileOf(route.getSourceResource())) && !goodIds.contains(route.getRouteId())) {
                strays.add(route.getRouteId());     // added by the failed version before it failed
            }
        }
        boolean intact = strays.isEmpty() && goodIds.stream().allMatch(
                id -> context.getRouteController().getRouteStatus(id) == ServiceStatus.Started);
        if (intact) {
            return "the running routes go on unchanged";
        }
        // A snapshot in flight may be blocked on a route the failed version removed (a direct: call waits for its
        // consumer): putting the good version back stops its routes callers first and would wait for that snapshot
        // for the whole shutdown timeout. Bounded here, so the rollback (and its log line) comes within seconds.
        ShutdownStrategy shutdown = context.getShutdownStrategy();
        long timeout = shutdown.getTimeout();
        TimeUnit unit = shutdown.getTimeUnit();
        shutdown.setTimeout(Math.min(unit.toSeconds(timeout), ROLLBACK_STOP_SECONDS));
        shutdown.setTimeUnit(TimeUnit.SECONDS);
        try {
            for (String id : strays) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
            load(file, location, good);
            return "the last good version of it runs again";
        } catch (Exception e) {
            return "and the last good version could not be put back either (" + causeOf(e)
                    + "; /observe/health/live is DOWN)";
        } finally {
            shutdown.setTimeout(timeout);
            shutdown.setTimeUnit(unit);
        }
    }

    /** The route that failed, if Camel says, and the innermost message, which names what is wrong (the missing bean). */
    static String causeOf(Throwable failure) {
        String route = null;
        Throwable root = failure;
        while (true) {
            if (route == null && root instanceof FailedToCreateRouteException created) {
                route = created.getRouteId();
            } else if (route == null && root instanceof FailedToStartRouteException started) {
                route = started.getRouteId();
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        // one line, whatever the parser's message looks like
        return ((route == null ? "" : "route '" + route + "': ") + message).replaceAll("\\s+", " ").trim();
    }

    /** The absolute file behind a {@code file:} resource; null for anything else (a Java route has none). */
    public static Path fileOf(Resource resource) {
        if (resource == null || resource.getLocation() == null) {
            return null;
        }
        String location = resource.getLocation();
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.contains(":") && !location.startsWith("/")) {
            return null;
        }
        return Path.of(location).toAbsolutePath().normalize();
    }
}
