package io.github.genesysqueuefeed.push;

/**
 * Tells the {@link ChannelKeeper} which frames are lifecycle messages. Implemented by the push model (which parses
 * frames anyway), so the keeper never parses observations itself.
 */
@FunctionalInterface
public interface FrameClassifier {

    /** Must not throw; a frame it cannot read is {@link FrameKind#OTHER}. */
    FrameKind classify(String frame);
}
