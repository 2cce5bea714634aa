package io.github.genesysqueuefeed.logging;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * The {@code org} MDC key (a field of every JSON log line, see logback.xml) while a thread works on an org's
 * snapshot: set by {@link #enter} on the org's own threads (its poll timer and its snapshot thread serve that org
 * only, so it stays set), and carried onto the shared batch threads by {@link #propagating}, which hands each task
 * the MDC of the thread that submitted it and restores the worker's own afterwards.
 * Camel's MDC logging ({@code camel.main.use-mdc-logging}) is built around its own {@code camel.*} keys and the
 * unit of work of each exchange; whether a key of ours survives the seda hop and the split's parallel sub-exchanges
 * depends on its propagation rules, whereas a wrapped pool says exactly what happens (and LoggingTest checks it).
 */
public final class OrgMdc {

    /** The exchange property that names the org (FeedProperties.ORG is this name). */
    public static final String ORG_PROPERTY = "org";

    public static final String KEY = "org";

    private OrgMdc() {
    }

    /** Puts the exchange's org into the MDC of the current thread. */
    public static void enter(Exchange exchange) {
        String org = exchange.getProperty(ORG_PROPERTY, String.class);
        if (org != null) {
            MDC.put(KEY, org);
        }
    }

    /** {@code pool}, with each task run under the MDC its submitter had (and the worker's own MDC restored after). */
    public static ExecutorService propagating(ExecutorService pool) {
        return new TaskWrappingExecutor(pool) {
            @Override
            protected Runnable wrap(Runnable task) {
                Map<String, String> submitter = MDC.getCopyOfContextMap();
                return () -> {
                    Map<String, String> own = MDC.getCopyOfContextMap();
                    setContext(submitter);
                    try {
                        task.run();
                    } finally {
                        setContext(own);
                    }
                };
            }
        };
    }

    private static void setContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
