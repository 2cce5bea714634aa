package io.github.genesysqueuefeed.observation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The parts of the observations response the feed reads. Unknown fields are ignored so that Genesys
 * adding a field never breaks the feed; missing lists read as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservationResponse(Map<String, List<String>> systemToOrganizationMappings, List<Result> results) {

    public List<Result> resultsOrEmpty() {
        return results == null ? List.of() : results;
    }

    /** One group: a queue, or a queue and a media type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(Map<String, String> group, List<Datum> data) {

        public String queueId() {
            return group == null ? null : group.get("queueId");
        }

        public String mediaType() {
            return group == null ? null : group.get("mediaType");
        }

        public List<Datum> dataOrEmpty() {
            return data == null ? List.of() : data;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Datum(String metric, String qualifier, Map<String, Number> stats, Boolean truncated,
                        List<Observation> observations) {

        public long count() {
            Number count = stats == null ? null : stats.get("count");
            return count == null ? 0 : count.longValue();
        }

        public List<Observation> observationsOrEmpty() {
            return observations == null ? List.of() : observations;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Observation(String observationDate, String conversationId) {
    }
}
