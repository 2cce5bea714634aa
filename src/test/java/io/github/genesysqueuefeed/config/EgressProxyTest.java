package io.github.genesysqueuefeed.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ConfigException;
import io.github.genesysqueuefeed.secrets.Masking;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which proxy a Genesys call goes through, from genesys.http.proxy or the environment; never the password in text. */
class EgressProxyTest {

    private static final URI API = URI.create("https://api.mypurecloud.ie/api/v2/routing/queues");
    private static final URI LOCAL = URI.create("http://localhost:8080/oauth/token");

    @Test
    void theKeyProxiesEveryTargetLoopbackIncluded() {
        EgressProxy proxy = EgressProxy.from("http://proxy.corp:3128", null, Map.of());

        assertEquals("proxy.corp", proxy.proxyFor(API).host());
        assertEquals(3128, proxy.proxyFor(API).port());
        assertEquals("proxy.corp", proxy.proxyFor(LOCAL).host(), "loopback is proxied too when the key says so");
        Proxy selected = proxy.selector().select(LOCAL).get(0);
        assertEquals(Proxy.Type.HTTP, selected.type());
        assertEquals("proxy.corp", ((InetSocketAddress) selected.address()).getHostString());
    }

    @Test
    void nonProxyHostsGoDirect() {
        EgressProxy proxy = EgressProxy.from("http://proxy.corp:3128", "localhost, *.internal.example, .corp.example", Map.of());

        assertNull(proxy.proxyFor(LOCAL));
        assertNull(proxy.proxyFor(URI.create("https://api.internal.example/x")));
        assertNull(proxy.proxyFor(URI.create("https://internal.example/x")), "the domain itself matches its *. pattern");
        assertNull(proxy.proxyFor(URI.create("https://a.b.corp.example/x")));
        assertEquals("proxy.corp", proxy.proxyFor(API).host());
        assertEquals("proxy.corp", proxy.proxyFor(URI.create("https://notinternal.example/x")).host());
        assertEquals(Proxy.NO_PROXY, proxy.selector().select(LOCAL).get(0));
    }

    @Test
    void emptyKeyFallsBackToTheStandardVariables() {
        EgressProxy proxy = EgressProxy.from("", null, Map.of("HTTPS_PROXY", "http://secure.corp:8443",
                "http_proxy", "plain.corp:8080", "NO_PROXY", "localhost,127.0.0.1,.svc:443"));

        assertEquals("secure.corp", proxy.proxyFor(API).host(), "https targets use HTTPS_PROXY");
        assertEquals("plain.corp", proxy.proxyFor(URI.create("http://api.example/x")).host(), "http targets HTTP_PROXY");
        assertNull(proxy.proxyFor(LOCAL));
        assertNull(proxy.proxyFor(URI.create("https://genesys.ns.svc/x")), "NO_PROXY entries may carry a port");
        assertEquals("environment", proxy.source());
    }

    @Test
    void theKeyWinsOverTheEnvironmentAndNothingSetMeansDirect() {
        EgressProxy proxy = EgressProxy.from("http://proxy.corp:3128", null, Map.of("HTTPS_PROXY", "http://other:1"));
        assertEquals("proxy.corp", proxy.proxyFor(API).host());
        assertSame(EgressProxy.NONE, EgressProxy.from(null, null, Map.of()));
        assertNull(EgressProxy.NONE.proxyFor(API));
        assertEquals(Proxy.NO_PROXY, EgressProxy.NONE.selector().select(API).get(0));
    }

    @Test
    void credentialsAreASecretAndNeverShown() {
        String password = "pr0xy-Pass-7e1d";
        EgressProxy proxy = EgressProxy.from("http://feed:" + password + "@proxy.corp:3128", null, Map.of());

        assertEquals("feed", proxy.httpsProxy().user());
        assertEquals(password, proxy.httpsProxy().password().reveal());
        assertEquals("http://feed:******@proxy.corp:3128", proxy.httpsProxy().toString());
        assertFalse(proxy.describe().contains(password), proxy.describe());
        assertFalse(proxy.toString().contains(password));
        assertEquals("proxy at http://x:******@h:1", Masking.maskKnown("proxy at http://x:" + password + "@h:1"),
                "registered with Masking: masked in every log line");
        assertTrue(proxy.tunnelsWithCredentials());
        assertTrue(proxy.authenticator() != null);
        assertNull(EgressProxy.from("http://proxy.corp:3128", null, Map.of()).authenticator());
    }

    @Test
    void aBadValueNamesItsKeyOrVariableAndNotThePassword() {
        for (String bad : List.of("https://proxy.corp:3128", "http://proxy.corp", "http://feed@proxy.corp:3128",
                "http://proxy.corp:3128/path", "ftp://x:1")) {
            ConfigException e = assertThrows(ConfigException.class, () -> EgressProxy.from(bad, null, Map.of()), bad);
            assertTrue(e.getMessage().startsWith("genesys.http.proxy: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        ConfigException fromEnv = assertThrows(ConfigException.class,
                () -> EgressProxy.from(null, null, Map.of("HTTPS_PROXY", "socks5://user:hunter2-pw@x:1080")));
        assertTrue(fromEnv.getMessage().startsWith("HTTPS_PROXY: "), fromEnv.getMessage());
        assertFalse(fromEnv.getMessage().contains("hunter2-pw"), fromEnv.getMessage());
    }
}
