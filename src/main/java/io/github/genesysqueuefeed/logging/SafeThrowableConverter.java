package io.github.genesysqueuefeed.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.genesysqueuefeed.secrets.Masking;

/**
 * {@code %ex} of both log formats: logback's own stack trace, one line per frame as usual, but every exception
 * message in it (causes and suppressed ones included) masked and escaped like a log message. Logback has no hook
 * for the message alone, so the throwable is wrapped in a view whose messages are already safe.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(safe(throwable));
    }

    /** The stack trace of {@code throwable} as one string, for the JSON format; "" without one. */
    public String render(IThrowableProxy throwable) {
        return throwable == null ? "" : throwableProxyToString(throwable);
    }

    static IThrowableProxy safe(IThrowableProxy throwable) {
        return throwable == null || throwable instanceof SafeThrowable ? throwable : new SafeThrowable(throwable);
    }

    /** The same throwable, with masked, one-line messages. */
    private record SafeThrowable(IThrowableProxy original) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return Masking.forLog(original.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return Masking.forLog(original.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return Masking.forLog(original.getClassName());
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return original.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return original.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return safe(original.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = original.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] safe = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                safe[i] = safe(suppressed[i]);
            }
            return safe;
        }

        @Override
        public boolean isCyclic() {
            return original.isCyclic();
        }
    }
}
