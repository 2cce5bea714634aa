package io.github.genesysqueuefeed.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import io.github.genesysqueuefeed.secrets.Masking;
import net.logstash.logback.mask.ValueMasker;

/**
 * The JSON format's masking step (logstash-logback-encoder's value-masker hook, so it sees every string value the
 * encoder writes, before JSON escaping): {@link Masking#maskAll} everywhere, and the {@code message} fields also
 * escaped to one line ({@link Masking#forLog}) as in the plain format. Stack traces keep their line breaks
 * (their messages are escaped by {@link SafeThrowableConverter}).
 */
public final class JsonLogMasker implements ValueMasker {

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (!(value instanceof String text)) {
            return null; // not masked
        }
        String safe = "message".equals(context.getCurrentName()) ? Masking.forLog(text) : Masking.maskAll(text);
        return safe.equals(text) ? null : safe;
    }
}
