package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.feed.QueueDirectory;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.secrets.Secret;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Division;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.genesys.ObservationQueryBuilder;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.MutableClock;
import io.github.genesysqueuefeed.support.TopicReader;
import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.genesysqueuefeed.feed.FeedStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queue discovery and name lookup ({@code GET /api/v2/routing/queues}) against WireMock: first the client and
 * the directory on their own, with a real HttpClient, token provider and budget; then through the whole feed
 * with a real broker, asserting on what a consumer reads.
 */
class QueueDiscoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOME = "b1c2d3e4-0000-4000-8000-000000000001";
    private static final String EMEA = "b1c2d3e4-0000-4000-8000-000000000002";

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private FeedApplication feed;

    @BeforeEach
    void stubToken() {
        GenesysStubs.token(env.genesys(), "token-1", 3600);
    }

    // --- unit level: RoutingQueuesClient and QueueDirectory -------------------------------------------------

    @Test
    void discoveryPagesUntilPageCountWithPageSize100() throws Exception {
        List<String> ids = queueIds(250);
        stubListing(ids, 100);
        RequestBudget budget = countingBudget();

        List<QueueRef> queues = client(budget).listQueues(null, List.of());

        assertEquals(ids, queues.stream().map(QueueRef::id).toList(), "every queue of every page, in listing order");
        assertEquals(name(ids.get(249)), queues.get(249).name());
        assertEquals(new Division(HOME, "Home"), queues.get(0).division());
        List<LoggedRequest> calls = listingCalls();
        assertEquals(List.of("1", "2", "3"), calls.stream().map(r -> r.queryParameter("pageNumber").firstValue()).toList());
        calls.forEach(r -> assertEquals("100", r.queryParameter("pageSize").firstValue()));
        calls.forEach(r -> assertFalse(r.queryParameter("name").isPresent(), "no name filter configured"));
        calls.forEach(r -> assertEquals("Bearer token-1", r.getHeader("Authorization")));
        env.genesys().verify(0, getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH)).withQueryParam("pageNumber", equalTo("4")));
        // discovery spends the token's budget like the observations do
        assertEquals(3, budgetUsed(budget));
    }

    @Test
    void nameFilterIsSentUrlEncodedOnEveryPage() throws Exception {
        List<String> ids = queueIds(150);
        stubListing(ids, 100);

        client(RequestBudget.perMinute(240, Clock.systemUTC())).listQueues("*Support*", List.of());
        client(RequestBudget.perMinute(240, Clock.systemUTC())).listQueues("*Tech Support & Billing*", List.of());

        List<LoggedRequest> calls = listingCalls();
        assertEquals(4, calls.size(), "two pages per listing");
        assertTrue(calls.get(0).getUrl().contains("&name=*Support*"), calls.get(0).getUrl());
        assertEquals("*Support*", calls.get(1).queryParameter("name").firstValue());
        // a space and an ampersand must not break the query string
        assertTrue(calls.get(2).getUrl().contains("&name=*Tech+Support+%26+Billing*"), calls.get(2).getUrl());
        assertEquals("*Tech Support & Billing*", calls.get(3).queryParameter("name").firstValue());
        assertEquals(List.of("1", "2", "1", "2"), calls.stream().map(r -> r.queryParameter("pageNumber").firstValue()).toList());
    }

    @Test
    void divisionFilterSendsOneDivisionIdPerDivision() throws Exception {
        stubListing(queueIds(3), 100);

        client(RequestBudget.perMinute(240, Clock.systemUTC())).listQueues(null, List.of(HOME, EMEA));

        LoggedRequest call = listingCalls().get(0);
        assertEquals(List.of(HOME, EMEA), call.queryParameter("divisionId").values());
        env.genesys().verify(1, getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))
                .withQueryParam("divisionId", havingExactly(HOME, EMEA))
                .withQueryParam("name", absent()));
    }

    @Test
    void configuredIdsAreLookedUpHundredPerCallWithNamesAndDivisions() throws Exception {
        List<String> ids = queueIds(150);
        stubLookup(ids.subList(0, 100));
        stubLookup(ids.subList(100, 150).stream().filter(id -> !id.equals(ids.get(149))).toList(), ids.subList(100, 150));
        RequestBudget budget = countingBudget();

        List<QueueRef> queues = client(budget).lookup(ids);

        assertEquals(ids, queues.stream().map(QueueRef::id).toList(), "configured order, every id");
        assertEquals(name(ids.get(0)), queues.get(0).name());
        assertEquals(name(ids.get(148)), queues.get(148).name());
        assertEquals(new Division(HOME, "Home"), queues.get(148).division());
        assertNull(queues.get(149).name(), "an id Genesys does not know keeps a null name");
        assertNull(queues.get(149).division());
        List<LoggedRequest> calls = listingCalls();
        assertEquals(2, calls.size(), "150 ids -> 2 lookup calls");
        assertEquals(ids.subList(0, 100), calls.get(0).queryParameter("id").values());
        assertEquals(ids.subList(100, 150), calls.get(1).queryParameter("id").values());
        assertEquals(2, budgetUsed(budget));
    }

    @Test
    void directoryRefreshesAfterTheRefreshPeriodAndKeepsItsListInBetween() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        List<String> ids = queueIds(4);
        stubListing(ids.subList(0, 3), 100);
        QueueDirectory directory = new QueueDirectory(discoveringOrg(), client(RequestBudget.perMinute(240, Clock.systemUTC())),
                Duration.ofMinutes(5), clock);

        assertEquals(ids.subList(0, 3), idsOf(directory.queues()));
        stubListing(List.of(ids.get(0), ids.get(1), ids.get(3)), 100); // queue 2 removed, queue 3 added
        clock.advance(Duration.ofMinutes(4));
        assertEquals(ids.subList(0, 3), idsOf(directory.queues()), "no listing call before the refresh period");
        assertEquals(1, listingCalls().size());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(3)), idsOf(directory.queues()));
        assertEquals(2, listingCalls().size());
    }

    @Test
    void aPageCountAboveWhatTotalAllowsStopsPaging() throws Exception {
        List<String> ids = queueIds(3);
        env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH))
                .willReturn(GenesysStubs.json(page(ids, 1, 100, 3, 1_000_000_000))));
        RequestBudget budget = countingBudget();

        List<QueueRef> queues = client(budget).listQueues(null, List.of());

        assertEquals(ids, idsOf(queues));
        assertEquals(1, listingCalls().size(), "pageCount 1e9 with total 3: one page, not a billion");
        assertEquals(1, budgetUsed(budget));
    }

    @Test
    void aRepeatedPageStopsPagingAndTheDirectoryKeepsItsLastGoodList() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        List<String> ids = queueIds(3);
        stubListing(ids, 100);
        QueueDirectory directory = new QueueDirectory(discoveringOrg(), client(RequestBudget.perMinute(240, Clock.systemUTC())),
                Duration.ofMinutes(5), clock);
        assertEquals(ids, idsOf(directory.queues()));

        // every page number now answers the same page, and claims 5000 queues on 50 pages
        env.genesys().removeStubsByMetadata(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.kind",
                equalTo("listing")));
        env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH))
                .willReturn(GenesysStubs.json(page(queueIds(100), 1, 100, 5000, 50))));
        clock.advance(Duration.ofMinutes(5));

        assertEquals(ids, idsOf(directory.queues()), "the last good list stays");
        assertEquals(1 + 2, listingCalls().size(), "page 1, then page 2 repeating it: paging stopped");
    }

    @Test
    void anEmptyPageBeforeTheEndOnTheFirstListingKeepsWhatWasReadSoFar() throws Exception {
        List<String> ids = queueIds(100);
        env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH)).withQueryParam("pageNumber", equalTo("1"))
                .willReturn(GenesysStubs.json(page(ids, 1, 100, 300, 3))));
        env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH)).withQueryParam("pageNumber", equalTo("2"))
                .willReturn(GenesysStubs.json(page(List.of(), 2, 100, 300, 3))));
        QueueDirectory directory = new QueueDirectory(discoveringOrg(), client(RequestBudget.perMinute(240, Clock.systemUTC())),
                Duration.ofMinutes(5), Clock.systemUTC());

        assertEquals(ids, idsOf(directory.queues()), "no earlier list: the queues of page 1 are polled");
        assertEquals(2, listingCalls().size());
    }

    @Test
    void namesLongerThanTheMaximumAreCut() throws Exception {
        String id = queueIds(1).get(0);
        env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH)).willReturn(GenesysStubs.json(
                "{\"entities\":[{\"id\":\"" + id + "\",\"name\":\"" + "N".repeat(100_000) + "\",\"division\":{\"id\":\""
                        + HOME + "\",\"name\":\"" + "D".repeat(5000) + "\"}}],\"pageNumber\":1,\"pageCount\":1,\"total\":1}")));

        QueueRef queue = client(RequestBudget.perMinute(240, Clock.systemUTC())).listQueues(null, List.of()).get(0);

        assertEquals("N".repeat(RoutingQueuesClient.MAX_NAME_CHARS), queue.name());
        assertEquals("D".repeat(RoutingQueuesClient.MAX_NAME_CHARS), queue.division().name());
    }

    // --- end to end: the real feed, a real broker ------------------------------------------------------------

    @Test
    void discoveredQueuesOfThreePagesAllGetEventsWithNameAndDivision() throws Exception {
        List<String> ids = queueIds(250);
        stubListing(ids, 100);
        for (List<String> batch : ObservationQueryBuilder.batches(ids, 100)) {
            GenesysStubs.observationsForBatch(env.genesys(), batch.get(0), GenesysStubs.observationsBody(batch));
        }
        String topic = "status-" + UUID.randomUUID();

        feed = env.start(config(topic, "1h", "5m"));

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            List<ConsumerRecord<String, String>> records = reader.readAtLeast(250, Duration.ofSeconds(30));
            assertEquals(Set.copyOf(ids), records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
            assertEquals(250, records.size());
            for (ConsumerRecord<String, String> record : records) {
                JsonNode event = JSON.readTree(record.value());
                assertEquals(name(record.key()), event.get("queueName").asText());
                assertEquals(HOME, event.at("/division/id").asText());
                assertEquals("Home", event.at("/division/name").asText());
                assertEquals(GenesysStubs.expectedWaiting(ids.indexOf(record.key()) % 100), event.get("waiting").asLong());
            }
        }
        assertEquals(List.of("1", "2", "3"), listingCalls().stream()
                .map(r -> r.queryParameter("pageNumber").firstValue()).toList());
        env.genesys().verify(3, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)));
    }

    @Test
    void aQueueAddedBetweenRefreshesJoinsTheNextSnapshotsAndARemovedOneLeaves() throws Exception {
        List<String> ids = queueIds(4);
        String removed = ids.get(2);
        String added = ids.get(3);
        stubListing(ids.subList(0, 3), 100);
        // an idle org: Genesys returns no results, every queue still gets its event with zeros
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).willReturn(GenesysStubs.json("{\"results\":[]}")));
        String topic = "status-" + UUID.randomUUID();

        feed = env.start(config(topic, "500ms", "1s"));

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            reader.readAtLeast(6, Duration.ofSeconds(30)); // two snapshots of the first list
            stubListing(List.of(ids.get(0), ids.get(1), added), 100);
            reader.readUntil(seen -> snapshots(seen).values().stream().filter(s -> s.contains(added)).count() >= 3,
                    Duration.ofSeconds(30), "three snapshots with the added queue");
            List<Set<String>> snapshots = new ArrayList<>(snapshots(reader.seen()).values());
            int firstNew = indexOfFirst(snapshots, added);
            assertTrue(firstNew >= 2, "the first snapshots cover the first list: " + snapshots);
            for (int i = 0; i < snapshots.size(); i++) {
                Set<String> expected = i < firstNew ? Set.of(ids.get(0), ids.get(1), removed)
                        : Set.of(ids.get(0), ids.get(1), added);
                assertEquals(expected, snapshots.get(i), "snapshot " + i + " of " + snapshots);
            }
            assertTrue(reader.seen().stream().anyMatch(r -> r.key().equals(removed) && r.value() == null),
                    "the removed queue got its tombstone");
        }
    }

    @Test
    void configuredIdsGetNamesFromTwoLookupCallsFor150Ids() throws Exception {
        List<String> ids = queueIds(150);
        stubLookup(ids.subList(0, 100));
        stubLookup(ids.subList(100, 150));
        for (List<String> batch : ObservationQueryBuilder.batches(ids, 100)) {
            GenesysStubs.observationsForBatch(env.genesys(), batch.get(0), GenesysStubs.observationsBody(batch));
        }
        String topic = "status-" + UUID.randomUUID();
        Map<String, String> config = config(topic, "1h", "5m");
        config.put("genesys.queue-ids", String.join(",", ids));

        feed = env.start(config);

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            List<ConsumerRecord<String, String>> records = reader.readAtLeast(150, Duration.ofSeconds(30));
            assertEquals(150, records.size());
            for (ConsumerRecord<String, String> record : records) {
                JsonNode event = JSON.readTree(record.value());
                assertEquals(name(record.key()), event.get("queueName").asText(), record.value());
                assertEquals("Home", event.at("/division/name").asText());
            }
        }
        List<LoggedRequest> lookups = listingCalls();
        assertEquals(2, lookups.size(), "150 configured ids -> 2 lookup calls, no discovery");
        assertEquals(List.of(100, 50), lookups.stream().map(r -> r.queryParameter("id").values().size()).toList());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private RoutingQueuesClient client(RequestBudget budget) {
        GenesysHttp http = GenesysHttp.direct(Duration.ofSeconds(5), Duration.ofSeconds(5));
        ClientCredentialsTokenProvider tokens = new ClientCredentialsTokenProvider("default", env.genesys().baseUrl(),
                "test-client", new Secret("s3cr3t"), http, Duration.ofSeconds(60), Clock.systemUTC());
        ResilienceConfig resilience = new ResilienceConfig(4, Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofMillis(100), 5, Duration.ofSeconds(60));
        GenesysApi api = new GenesysApi("default", http, tokens, budget, resilience, new FeedStats(), Clock.systemUTC());
        return new RoutingQueuesClient("default", env.genesys().baseUrl(), api, new RetryPolicy(resilience));
    }

    private OrgConfig discoveringOrg() {
        return new OrgConfig("default", env.genesys().baseUrl(), env.genesys().baseUrl(), "test-client", new Secret("s3cr3t"),
                List.of(), null, List.of(), Duration.ofSeconds(10), 100, 240);
    }

    private Map<String, String> config(String topic, String pollPeriod, String refreshPeriod) {
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", "");
        config.put("genesys.poll-period", pollPeriod);
        config.put("genesys.queue-refresh-period", refreshPeriod);
        config.put("kafka.topic.status", topic);
        return config;
    }

    /** The listing, page by page as Genesys pages it: one stub per page number. */
    private static void stubListing(List<String> ids, int pageSize) {
        env.genesys().removeStubsByMetadata(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.kind",
                equalTo("listing")));
        int pageCount = Math.max(1, (ids.size() + pageSize - 1) / pageSize);
        for (int page = 1; page <= pageCount; page++) {
            List<String> entities = ids.subList((page - 1) * pageSize, Math.min(page * pageSize, ids.size()));
            env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH))
                    .withQueryParam("pageNumber", equalTo(String.valueOf(page)))
                    .withQueryParam("id", absent())
                    .withMetadata(Map.of("kind", "listing"))
                    .willReturn(GenesysStubs.json(page(entities, page, pageSize, ids.size(), pageCount))));
        }
    }

    /** The id lookup of exactly {@code askedFor}, answering with the queues Genesys knows among them. */
    private static void stubLookup(List<String> known, List<String> askedFor) {
        env.genesys().stubFor(get(urlPathEqualTo(GenesysStubs.QUEUES_PATH))
                .withQueryParam("id", havingExactly(askedFor.toArray(String[]::new)))
                .willReturn(GenesysStubs.json(page(known, 1, 100, known.size(), 1))));
    }

    private static void stubLookup(List<String> ids) {
        stubLookup(ids, ids);
    }

    private static String page(List<String> ids, int pageNumber, int pageSize, int total, int pageCount) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode entities = page.putArray("entities");
        for (String id : ids) {
            ObjectNode queue = entities.addObject().put("id", id).put("name", name(id));
            queue.putObject("division").put("id", HOME).put("name", "Home");
            queue.putObject("mediaSettings");
        }
        page.put("pageNumber", pageNumber).put("pageSize", pageSize).put("total", total).put("pageCount", pageCount);
        return page.toString();
    }

    private static List<LoggedRequest> listingCalls() {
        List<LoggedRequest> calls = new ArrayList<>(env.genesys().findAll(getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))));
        calls.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return calls;
    }

    /** A budget of 240 calls whose minute never passes: what is left of it shows what the calls spent. */
    private static RequestBudget countingBudget() {
        return new RequestBudget(240, Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), java.time.ZoneOffset.UTC),
                wait -> {
                    throw new BudgetExhausted();
                });
    }

    private static int budgetUsed(RequestBudget budget) throws InterruptedException {
        int left = 0;
        try {
            while (true) {
                budget.acquire();
                left++;
            }
        } catch (BudgetExhausted exhausted) {
            return budget.requestsPerMinute() - left;
        }
    }

    private static final class BudgetExhausted extends RuntimeException {
    }

    /** Records grouped by snapshot ({@code observedAt}; one batch per snapshot here), in time order. */
    private static TreeMap<String, Set<String>> snapshots(List<ConsumerRecord<String, String>> records) {
        TreeMap<String, Set<String>> byObservedAt = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() == null) {
                continue; // the removed queue's tombstone: not part of any snapshot
            }
            try {
                String observedAt = JSON.readTree(record.value()).get("observedAt").asText();
                byObservedAt.computeIfAbsent(observedAt, k -> new LinkedHashSet<>()).add(record.key());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return byObservedAt;
    }

    private static int indexOfFirst(List<Set<String>> snapshots, String queueId) {
        for (int i = 0; i < snapshots.size(); i++) {
            if (snapshots.get(i).contains(queueId)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> idsOf(List<QueueRef> queues) {
        return queues.stream().map(QueueRef::id).toList();
    }

    private static List<String> queueIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("7a8b9c0d-0000-4000-8000-%012d", i));
        }
        return ids;
    }

    private static String name(String id) {
        return "Support " + id.substring(id.length() - 3);
    }
}
