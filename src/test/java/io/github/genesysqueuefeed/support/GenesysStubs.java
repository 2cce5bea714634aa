package io.github.genesysqueuefeed.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;

/** WireMock stubs that answer like Genesys: token, queue listing and observations. */
public final class GenesysStubs {

    public static final String TOKEN_PATH = "/oauth/token";
    public static final String OBSERVATIONS_PATH = "/api/v2/analytics/queues/observations/query";
    public static final String QUEUES_PATH = "/api/v2/routing/queues";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GenesysStubs() {
    }

    public static void token(WireMockServer wm, String accessToken, int expiresIn) {
        wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn + "}")));
    }

    /** One page listing the given queues, answering both discovery and id lookups. */
    public static void queueNames(WireMockServer wm, Map<String, String> namesById) {
        ArrayNode entities = JSON.createArrayNode();
        namesById.forEach((id, name) -> entities.addObject().put("id", id).put("name", name));
        ObjectNode page = JSON.createObjectNode();
        page.set("entities", entities);
        page.put("pageNumber", 1).put("pageSize", 100).put("total", namesById.size()).put("pageCount", 1);
        wm.stubFor(get(urlPathEqualTo(QUEUES_PATH)).willReturn(json(page.toString())));
    }

    /** Answers the observations query whose first queue predicate is {@code firstQueueId} with {@code body}. */
    public static void observationsForBatch(WireMockServer wm, String firstQueueId, String body) {
        wm.stubFor(post(urlPathEqualTo(OBSERVATIONS_PATH))
                .withRequestBody(matchingJsonPath("$.filter.predicates[0].value", equalTo(firstQueueId)))
                .willReturn(json(body)));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /**
     * A plausible response for {@code queueIds}: queue i has i % 7 voice and i % 3 chat waiting, 2 interacting
     * voice, and i % 5 idle + 4 interacting agents on queue. Queue i's numbers are what {@link #expectedWaiting} says.
     */
    public static String observationsBody(List<String> queueIds) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("systemToOrganizationMappings").putArray("OFFLINE").add("6a3af858-942f-489d-9700-5f9bcdcdae9b");
        ArrayNode results = root.putArray("results");
        for (int i = 0; i < queueIds.size(); i++) {
            String id = queueIds.get(i);
            ObjectNode voice = results.addObject();
            voice.putObject("group").put("queueId", id).put("mediaType", "voice");
            ArrayNode voiceData = voice.putArray("data");
            voiceData.addObject().put("metric", "oWaiting").putObject("stats").put("count", i % 7);
            voiceData.addObject().put("metric", "oInteracting").putObject("stats").put("count", 2);
            ObjectNode chat = results.addObject();
            chat.putObject("group").put("queueId", id).put("mediaType", "chat");
            chat.putArray("data").addObject().put("metric", "oWaiting").putObject("stats").put("count", i % 3);
            ObjectNode users = results.addObject();
            users.putObject("group").put("queueId", id);
            ArrayNode userData = users.putArray("data");
            ObjectNode idle = userData.addObject().put("metric", "oOnQueueUsers").put("qualifier", "IDLE");
            idle.putObject("stats").put("count", i % 5);
            ObjectNode busy = userData.addObject().put("metric", "oOnQueueUsers").put("qualifier", "INTERACTING");
            busy.putObject("stats").put("count", 4);
        }
        return root.toString();
    }

    public static long expectedWaiting(int indexInBatch) {
        return indexInBatch % 7 + indexInBatch % 3;
    }
}
