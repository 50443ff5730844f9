package io.attnflow.api.security;

import io.attnflow.core.query.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the server may listen without a token. On a loopback address only this machine can connect; anywhere else
 * anyone on the network could read and change the graph, so a token is required there.
 */
public final class BindPolicy {
    private BindPolicy() {}

    /** True when the address is this machine only: {@code localhost}, 127.0.0.0/8 or ::1. */
    public static boolean isLoopback(String host) {
        String h = HostNames.normalize(host);
        if (h.equals("localhost")) return true;
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Refuses a non-loopback bind without a token.
     *
     * @throws InvalidInputException with the fix, when {@code host} is not loopback and {@code token} is null
     */
    public static void check(String host, String token) {
        if (token != null || isLoopback(host)) return;
        throw new InvalidInputException(
                "refusing to serve on " + host + " without an access token: anyone who can"
                        + " reach this address could read and change the graph. Set one in the environment,"
                        + " e.g. ATTNFLOW_TOKEN=$(openssl rand -hex 16), or pass --token; or keep the default --host 127.0.0.1");
    }
}
