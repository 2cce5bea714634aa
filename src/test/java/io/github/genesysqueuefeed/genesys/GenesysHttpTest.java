package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.config.EgressProxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.RawHttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole-call deadline and the size cap against a real server that trickles, floods or lies about its length. */
class GenesysHttpTest {

    private static final long CAP = 1024 * 1024;
    private static RawHttpServer server;
    private static GenesysHttp http;

    @BeforeAll
    static void start() {
        server = new RawHttpServer()
                .on("/small", RawHttpServer.json("{\"ok\":true}"))
                .on("/trickle", RawHttpServer.trickle("{\"results\":[]}".repeat(10), Duration.ofSeconds(2)))
                .on("/huge", RawHttpServer.huge(100L * 1024 * 1024))
                .on("/announced", exchange -> {
                    exchange.sendResponseHeaders(200, 50L * 1024 * 1024);
                    exchange.getResponseBody().write(new byte[1024]);
                });
        http = new GenesysHttp(Duration.ofSeconds(2), Duration.ofSeconds(3), CAP, EgressProxy.NONE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNormalAnswerIsReadWhole() throws Exception {
        GenesysResponse response = http.send(get("/small"), "test call");
        assertEquals(200, response.status());
        assertEquals("{\"ok\":true}", response.body());
    }

    @Test
    void aBodyTricklingOneByteEveryTwoSecondsEndsAtTheDeadline() {
        long started = System.nanoTime();

        HttpTimeoutException e = assertThrows(HttpTimeoutException.class, () -> http.send(get("/trickle"), "trickle call"));

        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 2900 && tookMs < 6000, "ended after " + tookMs + " ms, the deadline is 3 s");
        assertTrue(e.getMessage().contains("genesys.http.read-timeout"), e.getMessage());
        assertTrue(e.getMessage().startsWith("trickle call"), e.getMessage());
    }

    @Test
    void aHundredMegabyteAnswerIsRefusedAtTheCapWithoutReadingIt() {
        long started = System.nanoTime();

        ResponseTooLargeException e = assertThrows(ResponseTooLargeException.class,
                () -> http.send(get("/huge"), "observations query for 100 queues"));

        assertTrue(e.getMessage().contains("genesys.http.max-response-bytes=" + CAP), e.getMessage());
        assertTrue(e.getMessage().startsWith("observations query for 100 queues"), e.getMessage());
        assertEquals(200, e.status());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 3000, "stopped reading at the cap, not at the end");
        assertEquals(ResponseTooLargeException.CODE, e.code());
    }

    @Test
    void anAnnouncedLengthAboveTheCapIsRefusedBeforeReading() {
        ResponseTooLargeException e = assertThrows(ResponseTooLargeException.class,
                () -> http.send(get("/announced"), "listing"));
        assertTrue(e.getMessage().contains("announces " + 50L * 1024 * 1024 + " bytes"), e.getMessage());
    }

    @Test
    void theClientStillWorksAfterCancelledCalls() throws Exception {
        assertThrows(ResponseTooLargeException.class, () -> http.send(get("/huge"), "x"));
        for (String path : List.of("/small", "/small")) {
            assertEquals(200, http.send(get(path), "again").status());
        }
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build();
    }
}
