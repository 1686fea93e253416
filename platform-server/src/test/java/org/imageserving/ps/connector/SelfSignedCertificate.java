package org.imageserving.ps.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key pair for {@code localhost} and {@code 127.0.0.1} made at test time by the JDK's {@code keytool}, the tool an
 * administrator would use, as a PKCS#12 keystore and as the PEM files OpenSSL-minded administrators have.
 */
record SelfSignedCertificate(Path keystore, String password, String alias, Path certificatePem, Path keyPem) {

    static SelfSignedCertificate create(Path folder, String password) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path keystore = folder.resolve("keystore.p12");
        String alias = "imageserving";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", alias,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = load(keystore, password);
        Path certificatePem = Files.writeString(folder.resolve("server.crt"),
                pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
        Path keyPem = Files.writeString(folder.resolve("server.key"),
                pem("PRIVATE KEY", store.getKey(alias, password.toCharArray()).getEncoded()));
        return new SelfSignedCertificate(keystore, password, alias, certificatePem, keyPem);
    }

    /** A client context that trusts this certificate and nothing else. */
    SSLContext trustingClient() throws IOException, GeneralSecurityException {
        Certificate certificate = load(keystore, password).getCertificate(alias);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(alias, certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
