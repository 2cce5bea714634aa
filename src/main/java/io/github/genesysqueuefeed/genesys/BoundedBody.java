package io.github.genesysqueuefeed.genesys;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into a string, but never past {@code maxBytes}: the first buffer that crosses the cap
 * cancels the subscription (the JDK closes the connection) and the body fails with a {@link ResponseTooLargeException}
 * naming the cap. The JDK's own {@code BodySubscribers.ofString()} has no limit, which is how a 100 MB answer became
 * an OutOfMemoryError on a batch thread. {@link #cancel()} lets the call deadline stop a body that trickles.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

    private final long maxBytes;
    private final int status;
    private final String what;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    BoundedBody(long maxBytes, int status, long announcedLength, String what) {
        this.maxBytes = maxBytes;
        this.status = status;
        this.what = what;
        if (announcedLength > maxBytes) {
            body.completeExceptionally(tooLarge("announces " + announcedLength + " bytes"));
        }
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (body.isDone() || cancelled) {
            s.cancel(); // refused on its Content-Length, or the deadline passed first: read nothing
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                body.completeExceptionally(tooLarge("was longer than that"));
                subscription.cancel();
                bytes.reset();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toString(StandardCharsets.UTF_8));
    }

    /** The call deadline passed: stop reading and drop what was read. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        bytes.reset();
    }

    private ResponseTooLargeException tooLarge(String detail) {
        return new ResponseTooLargeException(what + ": HTTP " + status + " answer " + detail
                + ": refused at genesys.http.max-response-bytes=" + maxBytes + " (raise it if Genesys' answers are "
                + "legitimately this large)", status);
    }
}
