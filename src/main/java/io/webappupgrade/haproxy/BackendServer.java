package io.webappupgrade.haproxy;

/**
 * One app instance in the HAProxy backend.
 *
 * @param name    the server name: the app instance's id
 * @param enabled false while it is being added (not yet healthy) or drained (on its way out):
 *                such a server is written to the config as {@code disabled}, so a reload in
 *                between never sends it new traffic
 */
public record BackendServer(String name, String address, int port, boolean enabled) {

    public BackendServer {
        HaproxySettings.requireServerName("server name (app instance id)", name);
        HaproxySettings.requireIp("address of app instance '" + name + "'", address);
        HaproxySettings.requirePort("port of app instance '" + name + "'", port);
    }

    public static BackendServer enabled(String name, String address, int port) {
        return new BackendServer(name, address, port, true);
    }

    public boolean sameAddress(BackendServer other) {
        return address.equals(other.address) && port == other.port;
    }

    public BackendServer withEnabled(boolean value) {
        return new BackendServer(name, address, port, value);
    }

    public String hostPort() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
