package io.attnflow.api.security;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The names a request's {@code Host} header may carry, and how such a header is read. */
final class HostNames {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private HostNames() {}

    /** Lower case, without IPv6 brackets or a trailing dot: {@code [::1]} → {@code ::1}. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h;
    }

    /**
     * The host name of a {@code Host} header ({@code name}, {@code name:port}, {@code [v6]:port}), normalized; null
     * when it is not of that form.
     */
    static String nameOf(String header) {
        if (header == null) return null;
        String h = header.trim();
        String name;
        String port = null;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) return null;
            name = h.substring(1, end);
            String rest = h.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) return null;
                port = rest.substring(1);
            }
        } else {
            int colon = h.indexOf(':');
            if (colon != h.lastIndexOf(':')) return null; // a bare IPv6 address is not a valid Host
            name = colon < 0 ? h : h.substring(0, colon);
            if (colon >= 0) port = h.substring(colon + 1);
        }
        if (name.isEmpty() || (port != null && !port.matches("[0-9]{1,5}"))) return null;
        return normalize(name);
    }

    /**
     * Loopback names, the bound address and the configured names; when bound to every interface, also this
     * machine's own addresses and name.
     */
    static Set<String> allowed(String boundHost, List<String> configured) {
        Set<String> out = new LinkedHashSet<>(LOOPBACK);
        String bound = normalize(boundHost);
        out.add(bound);
        for (String c : configured) out.add(normalize(c));
        if (WILDCARD.contains(bound)) out.addAll(ownAddresses());
        return Set.copyOf(out);
    }

    private static Set<String> ownAddresses() {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int scope = text.indexOf('%');
                    out.add(normalize(scope < 0 ? text : text.substring(0, scope)));
                }
            }
            out.add(normalize(InetAddress.getLocalHost().getHostName()));
        } catch (Exception e) {
            // without the list only the loopback and configured names pass, which is the safe side
        }
        return out;
    }
}
