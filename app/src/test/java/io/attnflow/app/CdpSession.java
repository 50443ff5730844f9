package io.attnflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A second Chrome DevTools Protocol client on the page chromedriver drives (Chrome takes several), over the JDK's
 * WebSocket: for the domains whose results arrive as events (Tracing), which chromedriver's executeCdpCommand
 * cannot deliver. Only for measuring (WebUiProfile).
 */
final class CdpSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private CdpSession(WebSocket ws) {
        this.ws = ws;
    }

    /** Connects to the first page target of the browser chromedriver started. */
    @SuppressWarnings("unchecked")
    static CdpSession attach(ChromeDriver browser) throws Exception {
        Map<String, Object> opts =
                (Map<String, Object>) browser.getCapabilities().getCapability("goog:chromeOptions");
        String addr = (String) opts.get("debuggerAddress");
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(
                        HttpRequest.newBuilder(URI.create("http://" + addr + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String url = null;
        for (JsonNode t : JSON.readTree(list)) {
            if ("page".equals(t.path("type").asText())) {
                url = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (url == null) throw new IllegalStateException("no page target at " + addr);
        CdpSession[] self = new CdpSession[1];
        StringBuilder buf = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        buf.append(data);
                        if (last) {
                            String msg = buf.toString();
                            buf.setLength(0);
                            self[0].receive(msg);
                        }
                        w.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        self[0] = new CdpSession(ws);
        return self[0];
    }

    private void receive(String msg) {
        try {
            JsonNode m = JSON.readTree(msg);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    if (m.has("error"))
                        f.completeExceptionally(
                                new IllegalStateException(m.get("error").toString()));
                    else f.complete(m.get("result"));
                }
            } else {
                events.add(m);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a command and waits for its result. */
    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id);
        m.put("method", method);
        m.set("params", JSON.valueToTree(params));
        ws.sendText(JSON.writeValueAsString(m), true).get(10, TimeUnit.SECONDS);
        return f.get(120, TimeUnit.SECONDS);
    }

    /** The events received so far (and forgets them). */
    List<JsonNode> drain() {
        List<JsonNode> out = List.copyOf(events);
        events.removeAll(out);
        return out;
    }

    /** Waits until an event of this method has arrived. */
    void await(String method, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            for (JsonNode e : events) if (method.equals(e.path("method").asText())) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("no " + method + " in " + timeoutMs + " ms");
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
}
