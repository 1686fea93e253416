package org.imageserving.supervisor.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shared secret that makes the control port usable only by the installation's owner: the supervisor writes a
 * fresh random token at every start into a file only its owner can read, and every control connection must present it.
 * Loopback alone is not enough: any local user can connect to a loopback port.
 */
public final class ControlSecret {
    public static final String FILE_NAME = "supervisor.secret";

    private ControlSecret() {}

    public static String create(Path tempFolder) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.createDirectories(tempFolder);
        Path tmp = Files.createTempFile(tempFolder, "secret", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token, StandardCharsets.US_ASCII);
        Files.move(tmp, tempFolder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }

    /** @throws AccessDeniedException when the caller is not the installation's owner */
    public static String read(Path tempFolder) throws IOException {
        return Files.readString(tempFolder.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip();
    }

    public static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
