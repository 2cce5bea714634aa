package io.github.genesysqueuefeed.push;

/**
 * Receives every frame classified {@link FrameKind#OTHER}, whole (assembled from its partial frames), on the
 * websocket's thread, in the order the channel delivered them. Must not block for long: the channel reads its next
 * frame only after this returns.
 */
@FunctionalInterface
public interface FrameListener {

    void onFrame(String channelId, String frame);
}
