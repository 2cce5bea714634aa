package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;
import java.net.Authenticator;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The egress proxy every Genesys call goes through: {@code genesys.http.proxy} ({@code http://[user:password@]host:port}),
 * else the conventional {@code HTTPS_PROXY} / {@code HTTP_PROXY} / {@code NO_PROXY} environment variables.
 *
 * <p>Hand-written because neither source fits the JDK's own mechanisms: {@code -Dhttps.proxyHost} is a JVM-wide
 * setting nobody sets in a container, the JDK's default selector never proxies loopback (tests and sidecar proxies
 * need it to) and does not read {@code NO_PROXY}, and the JDK reads no credentials from a proxy URL. The password is a
 * {@link Secret}: registered with {@link Masking}, and {@link #toString()} shows {@code http://user:******@host:port}.
 * Reading a proxy URL is {@link ProxyUrl}'s job, matching hosts {@link NonProxyHosts}', choosing a proxy per
 * call {@link EgressProxySelector}'s, answering a 407 {@link ProxyAuthenticator}'s.
 *
 * @param httpsProxy     proxy for https:// targets, or null for none
 * @param httpProxy      proxy for http:// targets, or null for none
 * @param nonProxyHosts  host patterns that go direct: {@code host}, {@code *.example.com}, {@code .example.com}, {@code *}
 * @param source         where the setting came from (a key or an environment variable), for log lines
 */
public record EgressProxy(Endpoint httpsProxy, Endpoint httpProxy, List<String> nonProxyHosts, String source) {

    public static final String KEY = "genesys.http.proxy";
    public static final String NON_PROXY_KEY = "genesys.http.non-proxy-hosts";
    /** The environment variables read when {@value #KEY} is empty, in the order they are looked at. */
    public static final List<String> ENVIRONMENT = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
            "NO_PROXY", "no_proxy");

    /** No proxy at all: every call goes direct. */
    public static final EgressProxy NONE = new EgressProxy(null, null, List.of(), "none");

    /** One proxy: where it is and, if it authenticates, as whom. */
    public record Endpoint(String host, int port, String user, Secret password) {

        public boolean authenticates() {
            return user != null;
        }

        /** {@code http://user:******@host:port}: never the password. */
        @Override
        public String toString() {
            return "http://" + (user == null ? "" : user + ":" + Masking.MASK + "@") + host + ":" + port;
        }
    }

    /**
     * From the key's value when set, else from the environment.
     *
     * @param keyValue        {@value #KEY}, or null/blank
     * @param nonProxyValue   {@value #NON_PROXY_KEY}, or null/blank
     * @param environment     at least the variables of {@link #ENVIRONMENT} that are set
     * @throws ConfigException naming the key or variable when a value is not an http://host:port URL
     */
    public static EgressProxy from(String keyValue, String nonProxyValue, Map<String, String> environment) {
        if (keyValue != null && !keyValue.isBlank()) {
            Endpoint proxy = ProxyUrl.parse(KEY, keyValue.trim());
            return new EgressProxy(proxy, proxy, NonProxyHosts.patterns(nonProxyValue), KEY);
        }
        String https = first(environment, "HTTPS_PROXY", "https_proxy");
        String http = first(environment, "HTTP_PROXY", "http_proxy");
        if (https == null && http == null) {
            return NONE;
        }
        String noProxy = nonProxyValue != null && !nonProxyValue.isBlank() ? nonProxyValue
                : first(environment, "NO_PROXY", "no_proxy");
        Endpoint httpsProxy = https == null ? null
                : ProxyUrl.parse(firstName(environment, "HTTPS_PROXY", "https_proxy"), https);
        Endpoint httpProxy = http == null ? null
                : ProxyUrl.parse(firstName(environment, "HTTP_PROXY", "http_proxy"), http);
        return new EgressProxy(httpsProxy, httpProxy, NonProxyHosts.patterns(noProxy), "environment");
    }

    public boolean isSet() {
        return httpsProxy != null || httpProxy != null;
    }

    /** The proxy a call to {@code target} goes through, or null when it goes direct. */
    public Endpoint proxyFor(URI target) {
        Endpoint proxy = "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
        if (proxy == null || target.getHost() == null || bypasses(target.getHost())) {
            return null;
        }
        return proxy;
    }

    /** True when {@code host} matches one of the non-proxy patterns (case-insensitive). */
    public boolean bypasses(String host) {
        return NonProxyHosts.matches(nonProxyHosts, host);
    }

    /** For the JDK HttpClient: this proxy for the targets it covers, loopback included; direct for the rest. */
    public ProxySelector selector() {
        return new EgressProxySelector(this);
    }

    /**
     * Answers a proxy's 407 with the configured user and password, only to the proxy itself (never to a server that
     * asks for credentials). Null when no proxy authenticates.
     */
    public Authenticator authenticator() {
        if ((httpsProxy == null || !httpsProxy.authenticates()) && (httpProxy == null || !httpProxy.authenticates())) {
            return null;
        }
        return new ProxyAuthenticator(httpsProxy, httpProxy);
    }

    /** True when an https:// target would tunnel through a proxy that wants Basic credentials. */
    public boolean tunnelsWithCredentials() {
        return httpsProxy != null && httpsProxy.authenticates();
    }

    /** One line for the start-up log: where calls go, never the password. */
    public String describe() {
        if (!isSet()) {
            return "direct (no proxy)";
        }
        String via = httpsProxy != null && httpsProxy.equals(httpProxy) ? "via " + httpsProxy
                : "https via " + (httpsProxy == null ? "direct" : httpsProxy) + ", http via "
                + (httpProxy == null ? "direct" : httpProxy);
        return via + " (from " + source + ")" + (nonProxyHosts.isEmpty() ? "" : ", direct for " + String.join(",", nonProxyHosts));
    }

    @Override
    public String toString() {
        return describe();
    }
    private static String first(Map<String, String> environment, String... names) {
        String name = firstName(environment, names);
        return name == null ? null : environment.get(name).trim();
    }

    private static String firstName(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }
}