package io.github.genesysqueuefeed.genesys;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The parts of the observations response the feed reads. Unknown fields are ignored so that Genesys
 * adding a field never breaks the feed; missing lists read as empty. Stats are read as whatever JSON value
 * Genesys sent (a number of any size, or even a string): {@link QueueStatusExtractor} decides what is a
 * plausible count, so that one queue's bad number rejects that queue rather than the whole answer. Written
 * back (a rejected queue's groups in its dead letter) without nulls, close to what Genesys sent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservationResponse(Map<String, List<String>> systemToOrganizationMappings, List<Result> results) {

    public List<Result> resultsOrEmpty() {
        return results == null ? List.of() : results;
    }

    /** One group: a queue, or a queue and a media type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
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
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Datum(String metric, String qualifier, Map<String, Object> stats, Boolean truncated,
                        List<Observation> observations) {

        public List<Observation> observationsOrEmpty() {
            return observations == null ? List.of() : observations;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Observation(String observationDate, String conversationId) {
    }
}
