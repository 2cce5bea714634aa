package io.github.genesysqueuefeed.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one masking and escaping step of every log line and dead letter. */
class MaskingTest {

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void registeredSecretsAreMaskedWhereverTheyAppear() {
        new Secret("reg1stered-S3cret-value");
        assertEquals("a ****** b ******", Masking.maskAll("a reg1stered-S3cret-value b reg1stered-S3cret-value"));
    }

    @Test
    void basicCredentialsAreMaskedButTheWordBasicIsNot() {
        String credentials = basic("client-id", "not-registered-secret");
        assertEquals("Authorization: Basic ******", Masking.maskAll("Authorization: Basic " + credentials));
        assertEquals("upstream echoed basic ****** back",
                Masking.maskAll("upstream echoed basic " + credentials + " back"));
        assertEquals("a basic queue listing", Masking.maskAll("a basic queue listing"));
        assertEquals("Basic authentication failed", Masking.maskAll("Basic authentication failed"));
    }

    @Test
    void bearerTokensAreMasked() {
        assertEquals("Authorization: Bearer ******", Masking.maskAll("Authorization: Bearer eyJhbGciOi.J9.abc-_~+/="));
        assertEquals("{\"message\":\"bad (Authorization: bearer ******)\"}",
                Masking.maskAll("{\"message\":\"bad (Authorization: bearer tok-123)\"}"));
        assertEquals("{\"token_type\":\"bearer\",\"expires_in\":3600}",
                Masking.maskAll("{\"token_type\":\"bearer\",\"expires_in\":3600}"));
    }

    @Test
    void passwordsInUrlsAreMaskedAndTheUserStays() {
        assertEquals("proxy http://feed:******@proxy.corp:3128, api https://api.mypurecloud.ie",
                Masking.maskAll("proxy http://feed:pr0xy-pass@proxy.corp:3128, api https://api.mypurecloud.ie"));
        assertEquals("kafka SASL_SSL://svc:******@broker-1:9093/x",
                Masking.maskAll("kafka SASL_SSL://svc:p%40ss@broker-1:9093/x"));
    }

    @Test
    void aPairWhoseValueHoldsARegisteredSecretIsMaskedWhole() {
        // the registry is process-wide: another test (or org) may have registered a part of this value
        Masking.register("partly-registered");
        assertEquals("password=\"******\";", Masking.maskAll("password=\"partly-registered pass\";"));
        assertEquals("client_secret=******&x=1", Masking.maskAll("client_secret=partly-registered42&x=1"));
    }

    @Test
    void secretLookingPairsAreMaskedInFormsJsonAndJaas() {
        assertEquals("grant_type=client_credentials&client_secret=******&x=1",
                Masking.maskAll("grant_type=client_credentials&client_secret=abc123&x=1"));
        assertEquals("{\"access_token\":\"******\",\"refresh_token\" : \"******\",\"expires_in\":3600}",
                Masking.maskAll("{\"access_token\":\"t0k\",\"refresh_token\" : \"r3f\",\"expires_in\":3600}"));
        assertEquals("ScramLoginModule required username=\"svc\" password=\"******\";",
                Masking.maskAll("ScramLoginModule required username=\"svc\" password=\"s3cr3t pass\";"));
        assertEquals("ssl.truststore.password: ******, api-key=******",
                Masking.maskAll("ssl.truststore.password: changeit, api-key=k-42"));
        assertEquals("nothing to see: code=bad.credentials, token fetch failed",
                Masking.maskAll("nothing to see: code=bad.credentials, token fetch failed"));
    }

    @Test
    void kafkasOwnHiddenValuesStayReadable() {
        assertEquals("ssl.truststore.password = [hidden] sasl.jaas.config = [hidden] password=******",
                Masking.maskAll("ssl.truststore.password = [hidden] sasl.jaas.config = [hidden] password=hunter22"));
    }

    @Test
    void aMegabyteOfTextFromGenesysIsMaskedInLinearTimeNotStuckBacktracking() {
        // a 1.2 MB media type or name from Genesys reaches a dead letter and a log line: with an unbounded run before
        // "password" the patterns backtracked once per position (minutes) and held the snapshot
        String word = "M".repeat(1_200_000);
        String text = word + " password=hunter22 " + word;
        String masked = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> Masking.maskAll(text));
        assertFalse(masked.contains("hunter22"));
        assertEquals(text.length() - "hunter22".length() + Masking.MASK.length(), masked.length());
    }

    @Test
    void forLogPutsAMessageOnOneLineAndDisarmsTerminalEscapes() {
        String hostile = "bad request\n2026-11-27T04:00:00.000Z ERROR [main] Feed - forged\r\u001b[31mred\u001b[0m\tx\u0000\u009b\u2028";
        String safe = Masking.forLog(hostile);
        assertEquals("bad request\\n2026-11-27T04:00:00.000Z ERROR [main] Feed - forged\\r\\u001b[31mred\\u001b[0m"
                + "\\tx\\u0000\\u009b\\u2028", safe);
        assertTrue(safe.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), safe);
        assertEquals("plain text stays", Masking.forLog("plain text stays"));
        assertEquals("Bearer ******\\nnext", Masking.forLog("Bearer tok-9\nnext"));
        assertNull(Masking.forLog(null));
    }
}
