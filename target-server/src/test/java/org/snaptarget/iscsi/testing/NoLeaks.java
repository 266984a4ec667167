package org.snaptarget.iscsi.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Fails a test when Netty's leak detector (PARANOID in surefire) reports a leaked buffer during it:
 * after each test it collects garbage, allocates so the detector drains its queue, and checks the
 * detector's log for "LEAK" reports.
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        appender.list.clear();
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            for (int j = 0; j < 16; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                a.release();
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                b.release();
                ByteBuf c = io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(16);
                c.release();
            }
        }
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        logger.detachAppender(appender);
        List<ILoggingEvent> leaks = appender.list.stream().filter(e -> e.getFormattedMessage().contains("LEAK"))
                .toList();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " buffer leak(s) reported:\n"
                    + leaks.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n")));
        }
    }
}
