package io.github.genesysqueuefeed.publish;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One snapshot's records while they wait for Kafka: serialized and gzip-compressed (a status snapshot is JSON
 * that repeats the same field names per queue, so it shrinks to a fraction), with what the backlog and its
 * metrics need without decompressing it: the org, how many records, how many compressed bytes.
 */
public final class HeldSnapshot {

    private final String org;
    private final int recordCount;
    private final byte[] compressed;
    private final Instant receivedAt;

    private HeldSnapshot(String org, int recordCount, byte[] compressed, Instant receivedAt) {
        this.org = org;
        this.recordCount = recordCount;
        this.compressed = compressed;
        this.receivedAt = receivedAt;
    }

    public static HeldSnapshot of(String org, List<OutgoingRecord> records) {
        return of(org, records, null);
    }

    /** @param receivedAt when the pushed notification behind these records arrived; null for a poll's */
    public static HeldSnapshot of(String org, List<OutgoingRecord> records, Instant receivedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 64 * 1024))) {
            out.writeInt(records.size());
            for (OutgoingRecord record : records) {
                writeString(out, record.topic());
                writeString(out, record.key());
                out.writeInt(record.headers().size());
                for (Map.Entry<String, String> header : record.headers().entrySet()) {
                    writeString(out, header.getKey());
                    writeString(out, header.getValue());
                }
                writeString(out, record.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return new HeldSnapshot(org, records.size(), bytes.toByteArray(), receivedAt);
    }

    /** The records, in the order they were handed over. */
    public List<OutgoingRecord> records() {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(compressed)))) {
            int count = in.readInt();
            List<OutgoingRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String topic = readString(in);
                String key = readString(in);
                int headerCount = in.readInt();
                Map<String, String> headers = new LinkedHashMap<>();
                for (int h = 0; h < headerCount; h++) {
                    headers.put(readString(in), readString(in));
                }
                records.add(new OutgoingRecord(topic, key, headers, readString(in)));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the pushed notification behind these records arrived; null for a poll's. */
    public Instant receivedAt() {
        return receivedAt;
    }

    public String org() {
        return org;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Compressed size: what the snapshot costs while it is held. */
    public int bytes() {
        return compressed.length;
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
