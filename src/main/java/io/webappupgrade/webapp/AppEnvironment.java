package io.webappupgrade.webapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment an app starts with. Only a few basics are taken from the agent's own
 * environment: the script plugin puts the operation's inputs there (a release URL may carry a
 * token) and the ctx proxy's address, none of which is the app's business.
 */
final class AppEnvironment {

    static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE",
            "TZ", "TMPDIR");

    private AppEnvironment() {
    }

    static Map<String, String> of(Map<String, String> agentEnvironment, Map<String, String> nodeEnv, int port,
            String address, String version) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = agentEnvironment.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(nodeEnv);
        env.put("PORT", String.valueOf(port));
        env.put("HOST", address);
        env.put("APP_VERSION", version);
        return env;
    }
}
