package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.config.EgressProxy.Endpoint;
import java.net.Authenticator;
import java.net.PasswordAuthentication;

/**
 * Answers a proxy's 407 with the configured user and password, only to the proxy itself (never to a server that
 * asks for credentials): the JDK reads no credentials from a proxy URL.
 */
final class ProxyAuthenticator extends Authenticator {

    private final Endpoint[] proxies;

    ProxyAuthenticator(Endpoint... proxies) {
        this.proxies = proxies.clone();
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
            return null;
        }
        for (Endpoint proxy : proxies) {
            if (proxy != null && proxy.authenticates() && proxy.host().equalsIgnoreCase(getRequestingHost())
                    && proxy.port() == getRequestingPort()) {
                return new PasswordAuthentication(proxy.user(), proxy.password().reveal().toCharArray());
            }
        }
        return null;
    }
}
