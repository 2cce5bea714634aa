package io.github.genesysqueuefeed.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.genesysqueuefeed.secrets.Masking;

/**
 * {@code %msg} of the plain log format: the message masked and on one line ({@link Masking#forLog}), so an error
 * text from Genesys with a newline or an ANSI escape cannot forge or recolour a log line.
 */
public final class SafeMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Masking.forLog(event.getFormattedMessage());
    }
}
