package org.imageserving.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One fuzz case of a target, bounded in time: the body runs on a worker thread, and only the outcomes the target
 * documents may come out of it (a clean parse error, a refusal with its status). Anything else (an unexpected
 * RuntimeException, an {@link OutOfMemoryError}, a {@link StackOverflowError}, no answer within the limit) is a
 * {@link Finding}: the input is written to {@code target/fuzz-findings/<target>/} under its SHA-1, ready to be kept
 * as a regression file in {@code src/test/resources/fuzz-regressions/<target>/}.
 *
 * <p>The same class runs the cases of the coverage-guided fuzzers and the replays of the regression files, so a
 * regression file is judged exactly as the fuzzer judged it.
 */
public final class FuzzCase {
    /** What a target may answer besides returning: the documented exceptions. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** An outcome the target does not document. */
    public static final class Finding extends AssertionError {
        Finding(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The bound of a target's first case: it loads the target's classes, and under the fuzzer instruments each of
     * them, which on a busy machine takes far longer than any later case.
     */
    public static final Duration WARM_UP = Duration.ofMinutes(3);

    private static ExecutorService worker = newWorker();
    private static volatile Thread workerThread;

    private FuzzCase() {}

    /**
     * Runs {@code body}; returns when it returned or threw what {@code documented} accepts, throws a {@link Finding}
     * otherwise. Errors ({@code OutOfMemoryError}, {@code StackOverflowError}, ...) are never documented.
     */
    public static synchronized void run(String target, byte[] input, String extension, Duration limit,
                                        Predicate<Throwable> documented, Body body) {
        Future<?> outcome = worker.submit(() -> {
            body.run();
            return null;
        });
        try {
            outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // where the case is stuck: the cause of the finding carries the worker's stack at the deadline
            Throwable stuck = new Throwable("the case's thread at the deadline");
            Thread thread = workerThread;
            if (thread != null) {
                stuck.setStackTrace(thread.getStackTrace());
            }
            outcome.cancel(true);
            // the stuck thread cannot be taken back: later cases get a fresh one
            worker.shutdownNow();
            worker = newWorker();
            throw finding(target, input, extension, "no answer within " + limit.toMillis() + " ms", stuck);
        } catch (ExecutionException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof Error || !documented.test(thrown)) {
                throw finding(target, input, extension, "undocumented outcome " + thrown, thrown);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Finding finding(String target, byte[] input, String extension, String what, Throwable cause) {
        Path kept = keep(target, input, extension);
        return new Finding(target + ": " + what + "; input kept as " + kept.toAbsolutePath()
                + " (copy it to src/test/resources/fuzz-regressions/" + target + "/ once fixed)", cause);
    }

    static Path keep(String target, byte[] input, String extension) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "fuzz-findings", target));
            Path file = folder.resolve("crash-" + sha1(input) + (extension.isEmpty() ? "" : "." + extension));
            return Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            // a deep but bounded stack, as a server thread has; a StackOverflowError is a finding, not a crash
            Thread thread = new Thread(null, r, "fuzz-case", 4L << 20);
            thread.setDaemon(true);
            workerThread = thread;
            return thread;
        });
    }
}
