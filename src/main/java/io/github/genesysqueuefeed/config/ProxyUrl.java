package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.config.EgressProxy.Endpoint;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a proxy URL ({@code http://[user:password@]host:port}, or a bare {@code host:port}) into an
 * {@link Endpoint}; anything else is a ConfigException naming the key or variable it came from. The password
 * becomes a {@link Secret}, and its URL-encoded form is registered with {@link Masking} too.
 */
final class ProxyUrl {

    private static final String EXAMPLE = "=http://proxy.example.com:3128";

    private ProxyUrl() {
    }

    static Endpoint parse(String key, String value) {
        URI uri;
        try {
            // a bare host:port (common in HTTPS_PROXY) means http://host:port
            uri = URI.create(value.contains("://") ? value : "http://" + value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "is not a proxy URL", key + EXAMPLE);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(key, "scheme '" + uri.getScheme() + "' is not supported: the proxy is spoken to "
                    + "in plain http (https targets are tunnelled through it with CONNECT)", key + EXAMPLE);
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new ConfigException(key, "needs a host and a port", key + EXAMPLE);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new ConfigException(key, "must not have a path", key + EXAMPLE);
        }
        String user = null;
        Secret password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 1) {
                throw new ConfigException(key, "has a user but no password (http://user:password@host:port)",
                        key + "=http://feed:<password>@proxy.example.com:3128");
            }
            user = URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8);
            password = new Secret(URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
            Masking.register(userInfo.substring(colon + 1)); // the URL-encoded form too, should a URL be echoed
        }
        return new Endpoint(uri.getHost(), uri.getPort(), user, password);
    }
}
