package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.config.EgressProxy.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * The JDK HttpClient's view of an {@link EgressProxy}: its proxy for the targets it covers, loopback included (the
 * JDK's default selector never proxies loopback); direct for the rest.
 */
final class EgressProxySelector extends ProxySelector {

    private final EgressProxy proxies;

    EgressProxySelector(EgressProxy proxies) {
        this.proxies = proxies;
    }

    @Override
    public List<Proxy> select(URI uri) {
        Endpoint proxy = proxies.proxyFor(uri);
        return List.of(proxy == null ? Proxy.NO_PROXY
                : new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to remember: the call fails and the retry policy decides
    }
}
