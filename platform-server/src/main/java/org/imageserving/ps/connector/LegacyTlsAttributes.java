package org.imageserving.ps.connector;

import java.util.Map;

/**
 * The TLS attributes Tomcat 8.5 and 9 accepted on the {@code <Connector>} itself (JSSE and APR names), which the
 * server.xml of an existing installation is likely to use; Tomcat 10.1 and later only know them on a nested
 * {@code <SSLHostConfig>} and {@code <Certificate>}. Like Tomcat 9, the Platform Server turns them into the
 * connector's default SSLHostConfig and its one certificate.
 */
final class LegacyTlsAttributes {
    /** Connector attribute : SSLHostConfig attribute. */
    static final Map<String, String> HOST_CONFIG = Map.ofEntries(
            Map.entry("algorithm", "keyManagerAlgorithm"),
            Map.entry("clientAuth", "certificateVerification"),
            Map.entry("SSLVerifyClient", "certificateVerification"),
            Map.entry("SSLVerifyDepth", "certificateVerificationDepth"),
            Map.entry("trustMaxCertLength", "certificateVerificationDepth"),
            Map.entry("crlFile", "certificateRevocationListFile"),
            Map.entry("SSLCARevocationFile", "certificateRevocationListFile"),
            Map.entry("SSLCARevocationPath", "certificateRevocationListPath"),
            Map.entry("SSLCACertificateFile", "caCertificateFile"),
            Map.entry("SSLCACertificatePath", "caCertificatePath"),
            Map.entry("ciphers", "ciphers"),
            Map.entry("SSLCipherSuite", "ciphers"),
            Map.entry("useServerCipherSuitesOrder", "honorCipherOrder"),
            Map.entry("SSLHonorCipherOrder", "honorCipherOrder"),
            Map.entry("SSLDisableCompression", "disableCompression"),
            Map.entry("SSLDisableSessionTickets", "disableSessionTickets"),
            Map.entry("SSLInsecureRenegotiation", "insecureRenegotiation"),
            Map.entry("sslEnabledProtocols", "protocols"),
            Map.entry("SSLProtocol", "protocols"),
            Map.entry("sslProtocol", "sslProtocol"),
            Map.entry("sessionCacheSize", "sessionCacheSize"),
            Map.entry("sessionTimeout", "sessionTimeout"),
            Map.entry("trustManagerClassName", "trustManagerClassName"),
            Map.entry("truststoreAlgorithm", "truststoreAlgorithm"),
            Map.entry("truststoreFile", "truststoreFile"),
            Map.entry("truststorePass", "truststorePassword"),
            Map.entry("truststoreProvider", "truststoreProvider"),
            Map.entry("truststoreType", "truststoreType"));

    /**
     * Connector attribute : Certificate attribute. Besides the old names, the PEM attributes are accepted under their
     * current names too ({@code certificateFile="conf/server.crt"} on the Connector), the shortest way to a one-host
     * HTTPS port.
     */
    static final Map<String, String> CERTIFICATE = Map.ofEntries(
            Map.entry("keystoreFile", "certificateKeystoreFile"),
            Map.entry("keystorePass", "certificateKeystorePassword"),
            Map.entry("keystoreType", "certificateKeystoreType"),
            Map.entry("keystoreProvider", "certificateKeystoreProvider"),
            Map.entry("keyAlias", "certificateKeyAlias"),
            Map.entry("keyPass", "certificateKeyPassword"),
            Map.entry("SSLPassword", "certificateKeyPassword"),
            Map.entry("SSLCertificateFile", "certificateFile"),
            Map.entry("SSLCertificateKeyFile", "certificateKeyFile"),
            Map.entry("SSLCertificateChainFile", "certificateChainFile"),
            Map.entry("certificateFile", "certificateFile"),
            Map.entry("certificateKeyFile", "certificateKeyFile"),
            Map.entry("certificateChainFile", "certificateChainFile"),
            Map.entry("certificateKeyPassword", "certificateKeyPassword"),
            Map.entry("certificateKeystoreFile", "certificateKeystoreFile"),
            Map.entry("certificateKeystorePassword", "certificateKeystorePassword"));

    /** The attributes, of either element, that name a file or folder: resolved against the install folder. */
    static final java.util.Set<String> FILES = java.util.Set.of("certificateKeystoreFile", "certificateFile",
            "certificateKeyFile", "certificateChainFile", "truststoreFile", "caCertificateFile", "caCertificatePath",
            "certificateRevocationListFile", "certificateRevocationListPath");

    private LegacyTlsAttributes() {}

    static boolean isTls(String connectorAttribute) {
        return HOST_CONFIG.containsKey(connectorAttribute) || CERTIFICATE.containsKey(connectorAttribute);
    }
}
