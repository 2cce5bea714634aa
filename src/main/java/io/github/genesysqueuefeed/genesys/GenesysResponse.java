package io.github.genesysqueuefeed.genesys;

import java.net.http.HttpHeaders;

/**
 * A complete Genesys answer, read within the call deadline and the size cap.
 *
 * @param token the bearer token the call was made with (null for the token call), so a 401 invalidates exactly it
 */
public record GenesysResponse(int status, HttpHeaders headers, String body, String token) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    GenesysResponse withToken(String tokenValue) {
        return new GenesysResponse(status, headers, body, tokenValue);
    }
}
