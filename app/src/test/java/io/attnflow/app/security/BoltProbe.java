package io.attnflow.app.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A hand-made Bolt client, as a web page or a port scanner would be: the Bolt handshake (asking for protocol 4.4,
 * whose HELLO carries the credentials) and a HELLO with the auth scheme {@code none}, then, if that were accepted,
 * a RUN that creates a node. Over plain TCP or inside a WebSocket opened with a chosen {@code Origin}.
 */
final class BoltProbe {
    enum Outcome {
        /** The server answered the HELLO with FAILURE (or closed the connection). */
        REFUSED,
        /** The server accepted the HELLO without credentials. */
        ACCEPTED
    }

    private static final int SUCCESS = 0x70;

    private BoltProbe() {}

    static Outcome overTcp(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            return converse(new Plain(s.getInputStream(), s.getOutputStream()));
        }
    }

    static Outcome overWebSocket(int port, String origin) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key)
                    + "\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) return Outcome.REFUSED; // the upgrade itself was refused
            return converse(new WebSocket(in, out));
        }
    }

    /** Handshake, HELLO {scheme: none}; on SUCCESS also a RUN that would create a node. */
    private static Outcome converse(Transport t) throws IOException {
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17});
        hs.write(new byte[] {0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        t.send(hs.toByteArray());
        byte[] version = t.receive(4);
        if (version == null || version[3] != 4 || version[2] != 4) return Outcome.REFUSED;
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.write(new byte[] {(byte) 0xB1, 0x01, (byte) 0xA2});
        string(hello, "user_agent");
        string(hello, "attack/1.0");
        string(hello, "scheme");
        string(hello, "none");
        t.send(chunk(hello.toByteArray()));
        byte[] reply = t.receive(4);
        if (reply == null || (reply[3] & 0xFF) != SUCCESS) return Outcome.REFUSED;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        run.write(new byte[] {(byte) 0xB3, 0x10});
        string(run, "CREATE (:Intruder)");
        run.write(new byte[] {(byte) 0xA0, (byte) 0xA0});
        t.send(chunk(run.toByteArray()));
        return Outcome.ACCEPTED;
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 16) out.write(0x80 | b.length);
        else {
            out.write(0xD0);
            out.write(b.length);
        }
        out.writeBytes(b);
    }

    private static byte[] chunk(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message.length >> 8);
        out.write(message.length & 0xFF);
        out.writeBytes(message);
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            head.append((char) c);
        }
        return head.toString();
    }

    private interface Transport {
        void send(byte[] data) throws IOException;

        /** At least {@code n} bytes of the server's answer, or null when it closed the connection. */
        byte[] receive(int n) throws IOException;
    }

    private record Plain(InputStream in, OutputStream out) implements Transport {
        public void send(byte[] data) throws IOException {
            out.write(data);
            out.flush();
        }

        public byte[] receive(int n) throws IOException {
            byte[] b = new byte[n];
            try {
                new DataInputStream(in).readFully(b);
                return b;
            } catch (java.io.EOFException closed) {
                return null;
            }
        }
    }

    /** Binary frames, masked from the client as RFC 6455 requires. */
    private record WebSocket(InputStream in, OutputStream out) implements Transport {
        public void send(byte[] data) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(0x82);
            if (data.length < 126) f.write(0x80 | data.length);
            else {
                f.write(0x80 | 126);
                f.write(data.length >> 8);
                f.write(data.length & 0xFF);
            }
            byte[] mask = {1, 2, 3, 4};
            f.writeBytes(mask);
            for (int i = 0; i < data.length; i++) f.write(data[i] ^ mask[i % 4]);
            out.write(f.toByteArray());
            out.flush();
        }

        public byte[] receive(int n) throws IOException {
            DataInputStream d = new DataInputStream(in);
            try {
                int op = d.readUnsignedByte() & 0x0F;
                int len = d.readUnsignedByte() & 0x7F;
                if (len == 126) len = d.readUnsignedShort();
                else if (len == 127) len = (int) d.readLong();
                byte[] payload = new byte[len];
                d.readFully(payload);
                if (op == 0x8) return null; // close frame
                return payload.length >= n ? payload : null;
            } catch (java.io.EOFException closed) {
                return null;
            }
        }
    }
}
