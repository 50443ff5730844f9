package io.attnflow.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The browsable API documentation: swagger-ui from its webjar (offline), reading {@code /openapi.json}. */
final class DocsPage {
    private DocsPage() {}

    /** The webjar's version, read from its Maven metadata so that no version string is duplicated here. */
    static String swaggerUiVersion() {
        try (InputStream in =
                DocsPage.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Starts swagger-ui on the spec; served as a file because the CSP allows no inline script. */
    static String script() {
        return "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n";
    }

    static String html() {
        String base = "/webjars/swagger-ui/" + swaggerUiVersion();
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Attention Flows API</title>
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/swagger-ui-bundle.js"></script>
                  <script src="/docs/init.js"></script>
                </body>
                </html>
                """
                .formatted(base);
    }
}
