package com.example.platform.observability;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Decides when the console handler it follows writes its buffer out, so that access lines cost no system call each:
 * the console no longer flushes every record itself; this handler, next to it and after it, flushes it at once after
 * any record that is not an access line (the lines written before an answer is sent, errors above all, are written
 * before the code that logged them goes on, with every access line buffered before them), and at most
 * {@code flushDelay} after an access line, or when the console's buffer (8 KiB) fills.
 * <p>
 * What this may lose: on SIGTERM nothing (Quarkus's shutdown logs, which flushes, and a shutdown hook flushes again);
 * when the process dies without running its shutdown hooks (SIGKILL, the kernel's OOM killer, a JVM crash), the access
 * lines of at most the last {@code flushDelay}, written after their answers were sent. Not used on Lambda, where the
 * process is frozen between invocations and a buffered line would wait for the next one (docker/Dockerfile.lambda).
 */
final class DeferredAccessLineFlush extends ExtHandler {

    private static final String ACCESS_LOGGER = AccessLog.class.getName();

    private final ExtHandler console;
    private final long delayNanos;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "access-log-flush");
        thread.setDaemon(true);
        return thread;
    });

    private DeferredAccessLineFlush(ExtHandler console, Duration flushDelay) {
        this.console = console;
        this.delayNanos = flushDelay.toNanos();
    }

    /** Takes over the console handler's flushing; the returned handler must be added after it, to the same parent. */
    static DeferredAccessLineFlush following(ExtHandler console, Duration flushDelay) {
        DeferredAccessLineFlush flush = new DeferredAccessLineFlush(console, flushDelay);
        console.setAutoFlush(false);
        Runtime.getRuntime().addShutdownHook(new Thread(console::flush, "access-log-final-flush"));
        return flush;
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        if (ACCESS_LOGGER.equals(record.getLoggerName()) && record.getThrown() == null) {
            if (scheduled.compareAndSet(false, true)) {
                timer.schedule(this::flushNow, delayNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            console.flush();
        }
    }

    private void flushNow() {
        scheduled.set(false);
        console.flush();
    }

    @Override
    public void flush() {
        console.flush();
    }

    @Override
    public void close() {
        console.flush();
        timer.shutdown();
    }
}
