package io.webappupgrade.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionResolverTest {

    @TempDir
    Path dir;

    private static ConnectionOptions options(String manager, String tenant, String user, String password, String token) {
        return new ConnectionOptions(manager, tenant, user, password, token, null, null, null);
    }

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("manager.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void optionsWinOverEnvironmentWhichWinsOverTheFileSettingBySetting() throws IOException {
        Path f = file("manager: https://from-file.example.com\ntenant: file_tenant\nusername: fileuser\npassword: filepass\n");
        Map<String, String> env = Map.of("CLOUDIFY_HOST", "env.example.com:8443", "CLOUDIFY_TENANT", "env_tenant");

        ManagerConnection c = new ConnectionResolver(env).resolve(options(null, "opt_tenant", null, null, null), f);

        assertThat(c.apiUrl()).isEqualTo(URI.create("https://env.example.com:8443/api/v3.1"));
        assertThat(c.tenant()).isEqualTo("opt_tenant");
        assertThat(c.credentials()).isEqualTo(Credentials.basic("fileuser", "filepass"));
    }

    @Test
    void aUserNameFromOptionsTakesItsPasswordFromTheEnvironment() {
        ManagerConnection c = new ConnectionResolver(Map.of("CLOUDIFY_PASSWORD", "pw-env", "CLOUDIFY_TOKEN", "tok"))
                .resolve(options("http://10.0.0.5", null, "ops", null, null), null);

        assertThat(c.credentials()).isEqualTo(Credentials.basic("ops", "pw-env"));
        assertThat(c.tenant()).isEqualTo("default_tenant");
        assertThat(c.apiUrl()).isEqualTo(URI.create("http://10.0.0.5/api/v3.1"));
    }

    @Test
    void aTokenFromTheEnvironmentIsUsedWhenNoOptionNamesCredentials() {
        ManagerConnection c = new ConnectionResolver(Map.of("CLOUDIFY_HOST", "https://cfy.example.com/", "CLOUDIFY_TOKEN",
                "ctok-1")).resolve(ConnectionOptions.none(), null);

        assertThat(c.credentials()).isEqualTo(Credentials.token("ctok-1"));
        assertThat(c.apiUrl()).isEqualTo(URI.create("https://cfy.example.com/api/v3.1"));
    }

    @Test
    void anAddressWithTheApiPathOrBehindAPrefixIsKept() {
        ConnectionResolver r = new ConnectionResolver(Map.of("CLOUDIFY_TOKEN", "t"));
        assertThat(r.resolve(options("https://h/api/v3.1", null, null, null, null), null).apiUrl())
                .isEqualTo(URI.create("https://h/api/v3.1"));
        assertThat(r.resolve(options("https://h:9443/cloudify", null, null, null, null), null).apiUrl())
                .isEqualTo(URI.create("https://h:9443/cloudify/api/v3.1"));
    }

    @Test
    void badInputIsNamedWithWhatIsAllowed() {
        ConnectionResolver r = new ConnectionResolver(Map.of("CLOUDIFY_TOKEN", "t"));
        assertThatThrownBy(() -> r.resolve(ConnectionOptions.none(), null))
                .isInstanceOf(InvalidConnectionException.class)
                .hasMessage("no manager address: give --manager, or set CLOUDIFY_HOST, or 'manager' in a connection file; "
                        + "allowed: https://HOST[:PORT], http://HOST[:PORT], or HOST[:PORT] (meaning https)");
        assertThatThrownBy(() -> r.resolve(options("ftp://h", null, null, null, null), null))
                .hasMessage("the manager address 'ftp://h' from option --manager is not usable: scheme 'ftp' is not http "
                        + "or https; allowed: https://HOST[:PORT], http://HOST[:PORT], or HOST[:PORT] (meaning https)");
        assertThatThrownBy(() -> r.resolve(options("https://h?x=1", null, null, null, null), null))
                .hasMessageContaining("a query or fragment is not allowed");
        assertThatThrownBy(() -> new ConnectionResolver(Map.of()).resolve(options("h", null, null, null, null), null))
                .hasMessage("no credentials for the manager: give --username with --password, or --token; or set "
                        + "CLOUDIFY_USERNAME and CLOUDIFY_PASSWORD, or CLOUDIFY_TOKEN; or put them in a connection file");
        assertThatThrownBy(() -> new ConnectionResolver(Map.of()).resolve(options("h", null, "ops", null, null), null))
                .hasMessage("the user name 'ops' (option --username) needs a password: give --password, or set "
                        + "CLOUDIFY_PASSWORD, or 'password' in a connection file");
        assertThatThrownBy(() -> new ConnectionResolver(Map.of("CLOUDIFY_USERNAME", "u", "CLOUDIFY_TOKEN", "tk"))
                .resolve(options("h", null, null, null, null), null))
                .hasMessage("both a token (environment variable CLOUDIFY_TOKEN) and a user name (environment variable "
                        + "CLOUDIFY_USERNAME) are given; give one kind of credentials");
    }

    @Test
    void aUserAndPasswordInTheAddressAreRefusedWithoutRepeatingThem() {
        ConnectionResolver r = new ConnectionResolver(Map.of("CLOUDIFY_TOKEN", "t"));
        assertThatThrownBy(() -> r.resolve(options("https://admin:hunter2@cfy.example.com", null, null, null, null), null))
                .isInstanceOf(InvalidConnectionException.class)
                .hasMessage("the manager address from option --manager carries a user name or password; give those as "
                        + "credentials instead; allowed: https://HOST[:PORT], http://HOST[:PORT], or HOST[:PORT] (meaning https)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theFileIsCheckedForUnknownKeysAndItsCaBundleIsRelativeToIt() throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path good = file("manager: cfy.example.com\ntoken: file-token-9\nca_bundle: ca.pem\n");
        ManagerConnection c = new ConnectionResolver(Map.of()).resolve(ConnectionOptions.none(), good);
        assertThat(c.caBundle()).isEqualTo(dir.resolve("ca.pem"));

        Path bad = file("manager: h\nhost: other\npassword: filepw-7\n");
        assertThatThrownBy(() -> new ConnectionResolver(Map.of()).resolve(ConnectionOptions.none(), bad))
                .hasMessage("the connection file '" + bad + "' has unknown keys [host]; allowed: manager, tenant, "
                        + "username, password, token, ca_bundle")
                .hasMessageNotContaining("filepw-7");
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConnectionResolver(Map.of()).resolve(ConnectionOptions.none(), missing))
                .hasMessageStartingWith("the connection file '" + missing + "' could not be read: no such file");
    }

    @Test
    void aCaBundleThatIsNotThereOrAPlainHttpAddressIsRefused() {
        ConnectionResolver r = new ConnectionResolver(Map.of("CLOUDIFY_TOKEN", "t", "CLOUDIFY_SSL_CERT", "/no/such/ca.pem"));
        assertThatThrownBy(() -> r.resolve(options("https://h", null, null, null, null), null))
                .hasMessage("the CA bundle '/no/such/ca.pem' (environment variable CLOUDIFY_SSL_CERT) is not a readable "
                        + "file; expected a PEM file of the certificate authorities to trust");
    }

    @Test
    void textsAboutAConnectionNeverShowItsSecrets() {
        ManagerConnection basic = new ConnectionResolver(Map.of("CLOUDIFY_PASSWORD", "pw-XYZ-1"))
                .resolve(options("h", "t", "ops", null, null), null);
        ManagerConnection token = new ConnectionResolver(Map.of("CLOUDIFY_TOKEN", "tok-XYZ-2"))
                .resolve(options("h", "t", null, null, null), null);
        ConnectionOptions given = options("h", "t", "ops", "pw-XYZ-3", "tok-XYZ-4");

        assertThat(basic.toString()).isEqualTo("ManagerConnection[https://h/api/v3.1, tenant t, user 'ops' with password (hidden)]");
        assertThat(token.toString()).isEqualTo("ManagerConnection[https://h/api/v3.1, tenant t, token (hidden)]");
        assertThat(given.toString()).doesNotContain("pw-XYZ-3").doesNotContain("tok-XYZ-4");
        try (ManagerClient client = new ManagerClient(basic)) {
            assertThat(client.toString()).doesNotContain("pw-XYZ-1");
        }
    }
}
