package io.github.genesysqueuefeed.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.genesysqueuefeed.secrets.Masking;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * The JSON format's {@code exception} field, only on lines that carry one:
 * {@code {"class": ..., "message": ..., "stackTrace": "<the whole trace, one string>"}}, messages masked and
 * escaped as in the plain format. logstash-logback-encoder has providers for each part but only as top-level
 * fields (its nested-field provider would write an empty object on every other line).
 */
public final class ExceptionJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

    private final SafeThrowableConverter stackTrace = new SafeThrowableConverter();

    public ExceptionJsonProvider() {
        setFieldName("exception");
    }

    @Override
    public void start() {
        stackTrace.setContext(getContext());
        stackTrace.start();
        super.start();
    }

    @Override
    public void stop() {
        stackTrace.stop();
        super.stop();
    }

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            return;
        }
        generator.writeObjectFieldStart(getFieldName());
        generator.writeStringField("class", throwable.getClassName());
        if (throwable.getMessage() != null) {
            generator.writeStringField("message", Masking.forLog(throwable.getMessage()));
        }
        generator.writeStringField("stackTrace", stackTrace.render(throwable));
        generator.writeEndObject();
    }
}
