package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.auth.AccessToken;
import io.github.genesysqueuefeed.auth.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Sets {@code Authorization: Bearer <token>} from the org's cached token. */
public final class TokenEnricher implements Processor {

    private final GenesysOrgs orgs;

    public TokenEnricher(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    @Override
    public void process(Exchange exchange) {
        AccessToken token = tokens(exchange).token();
        exchange.setProperty(FeedProperties.TOKEN, token.value());
        exchange.getMessage().setHeader("Authorization", token.authorizationHeader());
    }

    /** The API said 401: drop the token this request used, then enrich with a fresh one. */
    public void refresh(Exchange exchange) {
        orgs.get(exchange.getProperty(FeedProperties.ORG, String.class)).stats().apiCall(401);
        tokens(exchange).invalidate(exchange.getProperty(FeedProperties.TOKEN, String.class));
        ObservationRequest.resetForSend(exchange);
        process(exchange);
    }

    private ClientCredentialsTokenProvider tokens(Exchange exchange) {
        return orgs.get(exchange.getProperty(FeedProperties.ORG, String.class)).tokens();
    }
}
