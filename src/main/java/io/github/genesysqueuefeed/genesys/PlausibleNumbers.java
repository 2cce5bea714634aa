package io.github.genesysqueuefeed.genesys;

import static io.github.genesysqueuefeed.genesys.QueueStatusExtractor.EARLIEST_TIMESTAMP;
import static io.github.genesysqueuefeed.genesys.QueueStatusExtractor.MAX_CLOCK_AHEAD;
import static io.github.genesysqueuefeed.genesys.QueueStatusExtractor.MAX_COUNT;

import io.github.genesysqueuefeed.genesys.ObservationResponse.Datum;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * The plausibility checks on what Genesys sends: a count must be a whole number from 0 to
 * {@link QueueStatusExtractor#MAX_COUNT} (else {@link Implausible}), a timestamp lie between
 * {@link QueueStatusExtractor#EARLIEST_TIMESTAMP} and {@link QueueStatusExtractor#MAX_CLOCK_AHEAD} after the
 * observation (else it is ignored).
 */
final class PlausibleNumbers {

    private PlausibleNumbers() {
    }

    /** Why one queue's numbers cannot be believed; caught per queue, never leaves the extraction. */
    static final class Implausible extends Exception {
        Implausible(String message) {
            super(message, null, false, false);
        }
    }

    /** The datum's count: a whole number from 0 to {@link QueueStatusExtractor#MAX_COUNT}; missing means nothing to count, 0. */
    static long count(Datum datum, String mediaType) throws Implausible {
        Object value = datum.stats() == null ? null : datum.stats().get("count");
        if (value == null) {
            return 0;
        }
        String what = datum.metric() + (datum.qualifier() == null ? "" : " qualifier " + datum.qualifier())
                + (mediaType == null ? "" : " (" + mediaType + ")") + " count ";
        BigDecimal number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = new BigDecimal(big);
        } else if (value instanceof BigDecimal decimal) {
            number = decimal;
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new Implausible(what + value + " is not a finite number");
            }
            number = BigDecimal.valueOf(d);
        } else {
            String shown = String.valueOf(value);
            throw new Implausible(what + (value instanceof String ? '"' + shorten(shown) + '"' : shorten(shown))
                    + " is not a number");
        }
        if (number.signum() < 0) {
            throw new Implausible(what + shorten(number.toString()) + " is negative");
        }
        if (number.stripTrailingZeros().scale() > 0) {
            throw new Implausible(what + shorten(number.toString()) + " is not a whole number");
        }
        if (number.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0) {
            throw new Implausible(what + shorten(number.toString()) + " is above the ceiling of " + MAX_COUNT);
        }
        return number.longValueExact();
    }

    /**
     * oLongest* stats hold an epoch-millisecond timestamp, not a count. {@code count} is never read here:
     * Genesys may send the number of conversations next to the timestamp, and 2 as epoch-ms is 1970.
     */
    static Instant epochStat(Datum datum, Instant observedAt) {
        if (datum.stats() == null) {
            return null;
        }
        Instant earliest = null;
        for (String key : List.of("calculatedMetricValue", "min", "max")) {
            if (datum.stats().get(key) instanceof Number value && Double.isFinite(value.doubleValue())
                    && Math.abs(value.doubleValue()) < 1e15) { // 1e15 ms is year 33658: beyond any check below
                earliest = earliest(earliest, plausible(Instant.ofEpochMilli(value.longValue()), observedAt));
            }
        }
        return earliest;
    }

    /** The timestamp, or null (ignored) when it is before 2000 or far ahead of the observation. */
    static Instant plausible(Instant timestamp, Instant observedAt) {
        if (timestamp == null || timestamp.isBefore(EARLIEST_TIMESTAMP)
                || timestamp.isAfter(observedAt.plus(MAX_CLOCK_AHEAD))) {
            return null;
        }
        return timestamp;
    }

    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** Genesys' text in a reason: short, and no control characters that could forge a log line. */
    private static String shorten(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }
}
