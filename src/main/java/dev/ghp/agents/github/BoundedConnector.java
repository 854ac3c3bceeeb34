package dev.ghp.agents.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's connector over java.net.http, with the bounds the library's own
 * (HttpClientGitHubConnector) lacks: it sets no request timeout, so a server that accepts the
 * connection and never answers held a heartbeat for over a minute. Here every call has a
 * request timeout (until the answer's headers) and an overall one (until its whole body, read
 * into memory: GitHub's answers to our calls are a few kilobytes).
 */
final class BoundedConnector implements GitHubConnector {
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration overallTimeout;

    BoundedConnector(HttpClient http, Duration requestTimeout, Duration overallTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.overallTimeout = overallTimeout;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(requestTimeout);
        } catch (URISyntaxException e) {
            throw new IOException("Invalid URL", e);
        }
        for (Map.Entry<String, List<String>> h : request.allHeaders().entrySet()) {
            if (h.getValue() != null) {
                builder.header(h.getKey(), String.join(",", h.getValue()));
            }
        }
        HttpRequest.BodyPublisher body = request.hasBody()
                ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes())
                : HttpRequest.BodyPublishers.noBody();
        builder.method(request.method(), body);
        return new Response(request, sendWithin(http, builder.build(), overallTimeout));
    }

    /**
     * {@code request} sent, its whole answer awaited for at most {@code overallTimeout} (a request
     * timeout ends only the wait for the headers; a server that trickles the body would hold the
     * command for ever). Past it, or interrupted, the exchange is cancelled. {@link ConditionalReads}
     * sends through it too.
     */
    static HttpResponse<byte[]> sendWithin(HttpClient http, HttpRequest request, Duration overallTimeout) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(overallTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + overallTimeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw (IOException) new InterruptedIOException(e.getMessage()).initCause(e);
        }
    }

    private static final class Response extends GitHubConnectorResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, HttpResponse<byte[]> response) {
            super(request, response.statusCode(), response.headers().map());
            this.body = response.body();
        }

        @Override
        public InputStream bodyStream() throws IOException {
            return wrapStream(new ByteArrayInputStream(body == null ? new byte[0] : body));
        }

        @Override
        public void close() {
            // Nothing held: the body was read whole.
        }
    }
}
