package org.imageserving.supervisor.process;

import java.util.Map;

/** Puts an exit status in words for the log: which signal ended a process is the first thing an operator wants. */
public final class ExitStatus {
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ExitStatus() {}

    public static String describe(int exitValue) {
        if (exitValue > 128 && exitValue < 160) {
            int signal = exitValue - 128;
            return "code " + exitValue + " (killed by signal " + signal + SIGNALS.getOrDefault(signal, "").transform(
                    name -> name.isEmpty() ? "" : ", " + name) + ")";
        }
        return switch (exitValue) {
            case 0 -> "code 0";
            case 2 -> "code 2 (configuration error; see its log)";
            case 3 -> "code 3 (out of memory)";
            default -> "code " + exitValue;
        };
    }
}
