package io.github.genesysqueuefeed.feed;

import org.apache.camel.Exchange;

/**
 * The token step of an observations call ({@code bean: tokens.authorize}): the org's cached OAuth token (a new one
 * when it expires soon) for the call step's {@code Authorization: Bearer}. It travels as an exchange property, never a
 * header: Camel may log headers, and camel-kafka would send them.
 */
public final class TokenStep {

    public void authorize(Exchange exchange) {
        exchange.setProperty(FeedProperties.ACCESS_TOKEN, GenesysOrg.of(exchange).api().token());
    }
}
