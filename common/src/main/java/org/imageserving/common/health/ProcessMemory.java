package org.imageserving.common.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of any process, read from {@code /proc}: what the operating system really charges for it. */
public final class ProcessMemory {
    private ProcessMemory() {}

    public static OptionalLong residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux: the caller shows the figure as unknown
        }
        return OptionalLong.empty();
    }
}
