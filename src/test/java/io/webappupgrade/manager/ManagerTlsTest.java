package io.webappupgrade.manager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a stub manager whose certificate (for 127.0.0.1) JDK's keytool makes for each run. */
class ManagerTlsTest {

    @TempDir
    static Path dir;
    private WireMockServer server;
    private final CapturingLogger log = new CapturingLogger();

    /** Certificates once per class: keytool takes a second or so per call. */
    @BeforeAll
    static void certificates() throws Exception {
        Path store = dir.resolve("manager.p12");
        keytool("-genkeypair", "-alias", "manager", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "manager", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", dir.resolve("manager-ca.pem").toString());
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other",
                "-validity", "2", "-keystore", dir.resolve("other.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", dir.resolve("other.p12").toString(),
                "-storepass", "changeit", "-file", dir.resolve("other-ca.pem").toString());
    }

    @BeforeEach
    void start() {
        Path store = dir.resolve("manager.p12");
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(store.toString()).keystorePassword("changeit").keyManagerPassword("changeit")
                .keystoreType("PKCS12"));
        server.start();
        server.stubFor(get(urlPathEqualTo("/api/v3.1/node-instances")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.page(List.of(), 0, 1000))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private ManagerClient client(Path caBundle) {
        ManagerConnection c = new ManagerConnection(URI.create("https://127.0.0.1:" + server.httpsPort() + "/api/v3.1"),
                "acme", Credentials.token("tls-token"), caBundle, Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new ManagerClient(c, StubManager.settings(1000, log));
    }

    @Test
    void aManagerSignedByTheGivenCaBundleIsTrusted() {
        try (ManagerClient client = client(dir.resolve("manager-ca.pem"))) {
            assertThat(client.nodeInstances("shop")).isEmpty();
        }
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void withoutTheBundleTheCertificateIsRefusedWithAHintAndNotRetried() {
        try (ManagerClient client = client(null)) {
            assertThatThrownBy(() -> client.nodeInstances("shop"))
                    .isInstanceOf(ManagerUnreachableException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    .hasMessageContaining("the manager's certificate is not trusted: give the CA bundle that signed it "
                            + "(--ca-bundle or CLOUDIFY_SSL_CERT)");
        }
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBundleOfAnotherAuthorityDoesNotMakeItTrusted() {
        try (ManagerClient client = client(dir.resolve("other-ca.pem"))) {
            assertThatThrownBy(() -> client.nodeInstances("shop")).isInstanceOf(ManagerUnreachableException.class)
                    .hasMessageContaining("not trusted");
        }
    }

    @Test
    void aBundleWithoutCertificatesIsRefusedByName() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> client(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the CA bundle '" + empty + "' ");
    }
}
