package io.webappupgrade.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out a {@link ManagerConnection} from three sources, each setting by itself: command-line
 * options win over environment variables, which win over a connection file.
 *
 * <table>
 *   <caption>Settings and where they come from</caption>
 *   <tr><th>setting</th><th>option</th><th>environment</th><th>file key</th></tr>
 *   <tr><td>manager address</td><td>--manager</td><td>CLOUDIFY_HOST</td><td>manager</td></tr>
 *   <tr><td>tenant (default {@code default_tenant})</td><td>--tenant</td><td>CLOUDIFY_TENANT</td><td>tenant</td></tr>
 *   <tr><td>user name</td><td>--username</td><td>CLOUDIFY_USERNAME</td><td>username</td></tr>
 *   <tr><td>password</td><td>--password</td><td>CLOUDIFY_PASSWORD</td><td>password</td></tr>
 *   <tr><td>token</td><td>--token</td><td>CLOUDIFY_TOKEN</td><td>token</td></tr>
 *   <tr><td>CA bundle</td><td>--ca-bundle</td><td>CLOUDIFY_SSL_CERT</td><td>ca_bundle (relative to the file)</td></tr>
 * </table>
 *
 * <p>Credentials are one choice, not a mix: the first source (options, then environment, then
 * file) that names a token or a user name decides the kind. A user name's password may come from
 * a later source, so {@code --username admin} with {@code CLOUDIFY_PASSWORD} works and the
 * password stays off the command line. A source naming both a token and a user name is an error.
 *
 * <p>The file is YAML with only the keys above. Errors name the input and what is allowed, and
 * never show a password or token.
 */
public final class ConnectionResolver {

    static final String HOST = "CLOUDIFY_HOST";
    static final String TENANT = "CLOUDIFY_TENANT";
    static final String USERNAME = "CLOUDIFY_USERNAME";
    static final String PASSWORD = "CLOUDIFY_PASSWORD";
    static final String TOKEN = "CLOUDIFY_TOKEN";
    static final String SSL_CERT = "CLOUDIFY_SSL_CERT";

    private static final List<String> FILE_KEYS =
            List.of("manager", "tenant", "username", "password", "token", "ca_bundle");
    private static final String ADDRESS_FORMS =
            "https://HOST[:PORT], http://HOST[:PORT], or HOST[:PORT] (meaning https)";

    private final Map<String, String> environment;

    /** @param environment the process environment, usually {@code System.getenv()} */
    public ConnectionResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param options    what the command line gave
     * @param configFile a connection file, or {@code null} for none
     * @throws InvalidConnectionException naming the input at fault and what is allowed
     */
    public ManagerConnection resolve(ConnectionOptions options, Path configFile) {
        List<Source> sources = List.of(fromOptions(options), fromEnvironment(), fromFile(configFile));
        Setting manager = first(sources, Field.MANAGER).orElseThrow(() -> new InvalidConnectionException(
                "no manager address: give --manager, or set " + HOST + ", or 'manager' in a connection file; allowed: "
                        + ADDRESS_FORMS));
        URI apiUrl = apiUrl(manager);
        String tenant = first(sources, Field.TENANT).map(Setting::value).orElse(ManagerConnection.DEFAULT_TENANT);
        Credentials credentials = credentials(sources);
        Path caBundle = first(sources, Field.CA_BUNDLE).map(s -> caBundle(s, configFile)).orElse(null);
        if (caBundle != null && !"https".equals(apiUrl.getScheme())) {
            throw new InvalidConnectionException("a CA bundle is given (" + first(sources, Field.CA_BUNDLE).get().origin()
                    + ") but the manager address (" + manager.origin() + ") is plain http; use https://"
                    + apiUrl.getAuthority() + " or drop the CA bundle");
        }
        return new ManagerConnection(apiUrl, tenant, credentials, caBundle,
                options.connectTimeout() == null ? ManagerConnection.DEFAULT_CONNECT_TIMEOUT : options.connectTimeout(),
                options.readTimeout() == null ? ManagerConnection.DEFAULT_READ_TIMEOUT : options.readTimeout());
    }

    /** Turns an address in any allowed form into the API root URL. */
    static URI apiUrl(Setting setting) {
        String text = setting.value().trim();
        String withScheme = text.contains("://") ? text : "https://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw badAddress(setting, "not a URL");
        }
        if (uri.getRawUserInfo() != null) {
            // Said without the value: it holds a user and maybe a password.
            throw new InvalidConnectionException("the manager address from " + setting.origin()
                    + " carries a user name or password; give those as credentials instead; allowed: " + ADDRESS_FORMS);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badAddress(setting, "scheme '" + uri.getScheme() + "' is not http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw badAddress(setting, "no host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw badAddress(setting, "a query or fragment is not allowed");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(ManagerConnection.API_PATH)) {
            path = path + ManagerConnection.API_PATH;
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static InvalidConnectionException badAddress(Setting s, String why) {
        return new InvalidConnectionException("the manager address '" + s.value() + "' from " + s.origin() + " is not usable: "
                + why + "; allowed: " + ADDRESS_FORMS);
    }

    private static Credentials credentials(List<Source> sources) {
        for (Source source : sources) {
            Optional<Setting> token = source.get(Field.TOKEN);
            Optional<Setting> user = source.get(Field.USERNAME);
            if (token.isPresent() && user.isPresent()) {
                throw new InvalidConnectionException("both a token (" + token.get().origin() + ") and a user name ("
                        + user.get().origin() + ") are given; give one kind of credentials");
            }
            if (token.isPresent()) {
                return Credentials.token(token.get().value());
            }
            if (user.isPresent()) {
                Setting password = first(sources.subList(sources.indexOf(source), sources.size()), Field.PASSWORD)
                        .orElseThrow(() -> new InvalidConnectionException("the user name '" + user.get().value()
                                + "' (" + user.get().origin() + ") needs a password: give --password, or set "
                                + PASSWORD + ", or 'password' in a connection file"));
                return Credentials.basic(user.get().value(), password.value());
            }
            Optional<Setting> orphan = source.get(Field.PASSWORD);
            if (orphan.isPresent()) {
                throw new InvalidConnectionException("a password is given (" + orphan.get().origin()
                        + ") but no user name beside it or before it; give --username, or set " + USERNAME
                        + ", or 'username' in the same source");
            }
        }
        throw new InvalidConnectionException("no credentials for the manager: give --username with --password, or "
                + "--token; or set " + USERNAME + " and " + PASSWORD + ", or " + TOKEN + "; or put them in a connection file");
    }

    private static Path caBundle(Setting setting, Path configFile) {
        Path path = Path.of(setting.value());
        if (setting.fromFile() && !path.isAbsolute() && configFile != null && configFile.toAbsolutePath().getParent() != null) {
            path = configFile.toAbsolutePath().getParent().resolve(path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidConnectionException("the CA bundle '" + path + "' (" + setting.origin()
                    + ") is not a readable file; expected a PEM file of the certificate authorities to trust");
        }
        return path;
    }

    private static Optional<Setting> first(List<Source> sources, Field field) {
        for (Source s : sources) {
            Optional<Setting> found = s.get(field);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Source fromOptions(ConnectionOptions o) {
        Map<Field, Setting> m = new LinkedHashMap<>();
        put(m, Field.MANAGER, o.manager(), "option --manager", false);
        put(m, Field.TENANT, o.tenant(), "option --tenant", false);
        put(m, Field.USERNAME, o.username(), "option --username", false);
        put(m, Field.PASSWORD, o.password(), "option --password", false);
        put(m, Field.TOKEN, o.token(), "option --token", false);
        put(m, Field.CA_BUNDLE, o.caBundle() == null ? null : o.caBundle().toString(), "option --ca-bundle", false);
        return new Source(m);
    }

    private Source fromEnvironment() {
        Map<Field, Setting> m = new LinkedHashMap<>();
        put(m, Field.MANAGER, environment.get(HOST), "environment variable " + HOST, false);
        put(m, Field.TENANT, environment.get(TENANT), "environment variable " + TENANT, false);
        put(m, Field.USERNAME, environment.get(USERNAME), "environment variable " + USERNAME, false);
        put(m, Field.PASSWORD, environment.get(PASSWORD), "environment variable " + PASSWORD, false);
        put(m, Field.TOKEN, environment.get(TOKEN), "environment variable " + TOKEN, false);
        put(m, Field.CA_BUNDLE, environment.get(SSL_CERT), "environment variable " + SSL_CERT, false);
        return new Source(m);
    }

    private static Source fromFile(Path file) {
        Map<Field, Setting> m = new LinkedHashMap<>();
        if (file == null) {
            return new Source(m);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidConnectionException("the connection file '" + file + "' could not be read"
                    + (Files.exists(file) ? " as YAML" : ": no such file") + "; expected a YAML mapping with keys "
                    + String.join(", ", FILE_KEYS));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Source(m);
        }
        if (!root.isObject()) {
            throw new InvalidConnectionException("the connection file '" + file + "' is not a YAML mapping; expected keys "
                    + String.join(", ", FILE_KEYS));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int at = FILE_KEYS.indexOf(e.getKey());
            if (at < 0) {
                unknown.add(e.getKey());
                continue;
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new InvalidConnectionException("key '" + e.getKey() + "' in the connection file '" + file
                        + "' must be a single text value");
            }
            put(m, Field.values()[at], e.getValue().asText(), "'" + e.getKey() + "' in " + file, true);
        }
        if (!unknown.isEmpty()) {
            throw new InvalidConnectionException("the connection file '" + file + "' has unknown keys " + unknown
                    + "; allowed: " + String.join(", ", FILE_KEYS));
        }
        return new Source(m);
    }

    private static void put(Map<Field, Setting> m, Field field, String value, String origin, boolean fromFile) {
        if (value != null && !value.isBlank()) {
            m.put(field, new Setting(value, origin, fromFile));
        }
    }

    private enum Field { MANAGER, TENANT, USERNAME, PASSWORD, TOKEN, CA_BUNDLE }

    /** One value and where it came from; {@code toString} leaves the value out, as it may be a secret. */
    record Setting(String value, String origin, boolean fromFile) {
        @Override
        public String toString() {
            return "Setting[" + origin + "]";
        }
    }

    private record Source(Map<Field, Setting> settings) {
        Optional<Setting> get(Field field) {
            return Optional.ofNullable(settings.get(field));
        }
    }
}
