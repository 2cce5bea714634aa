package io.github.genesysqueuefeed.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.genesysqueuefeed.secrets.Masking;

/**
 * The plain log format (logback.xml's PLAIN appender): a logback pattern in which {@code %msg} and {@code %ex}
 * are the masking, escaping {@link SafeMessageConverter} and {@link SafeThrowableConverter}, and the finished line
 * goes through {@link Masking#maskAll} once more (thread names, logger names, anything a pattern adds).
 */
public final class SafePatternLayout extends PatternLayout {

    public SafePatternLayout() {
        for (String word : new String[] {"m", "msg", "message"}) {
            getInstanceConverterMap().put(word, SafeMessageConverter::new);
        }
        for (String word : new String[] {"ex", "exception", "throwable"}) {
            getInstanceConverterMap().put(word, SafeThrowableConverter::new);
        }
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return Masking.maskAll(super.doLayout(event));
    }
}
