package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.logging.OrgMdc;

/**
 * Exchange property names the routes share. State travels in properties, never in headers: camel-kafka sends
 * headers to Kafka, which should not see our bookkeeping.
 */
public final class FeedProperties {

    /** The org alias a snapshot belongs to. */
    public static final String ORG = OrgMdc.ORG_PROPERTY;
    /** Push mode: the only queues this snapshot polls (those beyond the channels), when it is not a reconcile. */
    public static final String POLL_ONLY = "pollOnly";
    /** The {@link QueueBatch} being observed. */
    public static final String BATCH = "queueBatch";
    /** The observations query body, kept to resend after a token refresh. */
    public static final String QUERY = "observationQuery";
    /**
     * The org's {@link GenesysOrg} itself, set once by its poll route (routes/queue-feed.yaml, template org-feed), so the
     * steps of its snapshot use it without looking the alias up again.
     */
    public static final String GENESYS_ORG = "genesysOrg";
    /** The {@code AccessToken} the token step chose for the next call (a property: headers could reach Kafka or a log). */
    public static final String ACCESS_TOKEN = "genesysAccessToken";
    /** The observations answer as Genesys sent it, kept for a dead letter after the unmarshal step replaced the body. */
    public static final String RAW_ANSWER = "observationsAnswer";
    /** The token the request was sent with, so a 401 invalidates exactly that one. */
    public static final String TOKEN = "genesysToken";

    private FeedProperties() {
    }
}
