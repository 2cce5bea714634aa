package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.logging.OrgMdc;

/**
 * Exchange property names the routes share. State travels in properties, never in headers: camel-kafka sends
 * headers to Kafka, which should not see our bookkeeping.
 */
public final class FeedProperties {

    /** The org alias a snapshot belongs to. */
    public static final String ORG = OrgMdc.ORG_PROPERTY;
    /** The {@link QueueBatch} being observed. */
    public static final String BATCH = "queueBatch";
    /** The observations query body, kept to resend after a token refresh. */
    public static final String QUERY = "observationQuery";
    /** The org's API base URL. */
    public static final String API_URL = "genesysApiUrl";
    /** The token the request was sent with, so a 401 invalidates exactly that one. */
    public static final String TOKEN = "genesysToken";

    private FeedProperties() {
    }
}
