package io.github.genesysqueuefeed.ops;

import java.nio.file.Path;
import java.util.List;

/**
 * Routes made from a route template of a routes file. Camel's reload of a file re-reads its templates but leaves the
 * routes made from them as they were built, so {@link SafeRouteReload} asks for them to be made again after each load.
 */
public interface TemplatedRoutes {

    /** Makes again (stops, removes, adds) the routes made from templates of {@code file}; their ids, empty if none. */
    List<String> remake(Path file);

    /** The ids of the routes made from templates of {@code file}; empty if none. */
    List<String> madeFrom(Path file);
}
