package io.attnflow.graph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;

/** Choosing the embedded store's Bolt port: an explicit port exactly or an error, else the default or the next free. */
final class BoltPorts {
    private static final int PORTS_TO_TRY = 20;

    private BoltPorts() {}

    static int requireFree(int port) {
        if (isFree(port)) return port;
        throw new GraphUnavailableException(
                "Bolt port " + port + " (--bolt-port) is in use: stop what listens there, choose another port, or omit"
                        + " --bolt-port to take " + GraphSettings.DEFAULT_BOLT_PORT + " or the next free one",
                null);
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a port whose old sockets are still closing (TIME_WAIT) can be bound again
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }

    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException) return true;
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("address already in use")) return true;
        }
        return false;
    }

    static int freeFrom(int preferred) {
        for (int p = preferred; p < preferred + PORTS_TO_TRY && p < 65536; p++) {
            if (isFree(p)) return p;
        }
        return 0; // let the OS choose
    }
}
