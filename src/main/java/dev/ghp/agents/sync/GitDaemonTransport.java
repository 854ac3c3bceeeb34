package dev.ghp.agents.sync;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.BasePackFetchConnection;
import org.eclipse.jgit.transport.BasePackPushConnection;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.GitProtocolConstants;
import org.eclipse.jgit.transport.PackTransport;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TcpTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportProtocol;
import org.eclipse.jgit.transport.URIish;

/**
 * The git:// transport (a git daemon), as JGit's own with two differences: every read of the
 * socket ends after the transport's timeout, and closing the transport closes the sockets of its
 * connections.
 *
 * <p>JGit's git:// transport bounds a read by interrupting the reading thread, which does not end
 * a blocking {@link Socket} read on Java 17, and it opens its socket inside the connection's
 * constructor, out of anyone's reach. A remote that accepted and stayed silent so held a fetch
 * for ever, and a deadline that gave the fetch up left its thread, JGit's timer thread and the
 * socket in the daemon for good (docs/decisions.md, "A git:// read ends (#22)"). Only the socket
 * and the daemon's service request (the first line, as JGit writes it) are ours; the pack
 * protocol is JGit's.
 */
final class GitDaemonTransport extends TcpTransport implements PackTransport {
    private static final int GIT_PORT = 9418;

    /** JGit holds a registered protocol weakly: this field keeps it. */
    private static final TransportProtocol PROTOCOL = new TransportProtocol() {
        @Override
        public String getName() {
            return "Anonymous Git";
        }

        @Override
        public Set<String> getSchemes() {
            // Not Set.of: JGit asks it about a URL without a scheme (a local path), and Set.of throws on null.
            return Collections.singleton("git");
        }

        @Override
        public Set<URIishField> getRequiredFields() {
            return EnumSet.of(URIishField.HOST, URIishField.PATH);
        }

        @Override
        public Set<URIishField> getOptionalFields() {
            return EnumSet.of(URIishField.PORT);
        }

        @Override
        public int getDefaultPort() {
            return GIT_PORT;
        }

        @Override
        public Transport open(URIish uri, Repository local, String remoteName) {
            return new GitDaemonTransport(local, uri);
        }

        @Override
        public Transport open(URIish uri) {
            // Without a repository (an ls-remote of a URL): JGit's own git:// answers this too.
            return new GitDaemonTransport(uri);
        }
    };

    static {
        // A protocol registered later is asked first, so git:// URLs come here instead of to JGit's.
        Transport.register(PROTOCOL);
    }

    /** Makes {@link Transport#open} use this transport for git:// URLs (the class's initializer does it, once). */
    static void install() {
        // nothing more: loading the class registered it
    }

    /** The sockets of this transport's connections still open: what {@link #close()} closes. */
    private final Set<Socket> sockets = new HashSet<>();
    private boolean closed;

    private GitDaemonTransport(Repository local, URIish uri) {
        super(local, uri);
    }

    private GitDaemonTransport(URIish uri) {
        super(uri);
    }

    @Override
    public FetchConnection openFetch() throws TransportException {
        return new Fetch(List.of());
    }

    @Override
    public FetchConnection openFetch(Collection<RefSpec> refSpecs, String... additionalPatterns) throws TransportException {
        return new Fetch(refSpecs, additionalPatterns);
    }

    @Override
    public PushConnection openPush() throws TransportException {
        return new Push();
    }

    /**
     * Closes the sockets of the connections still open: a thread reading one gets an error at
     * once, so a fetch or push given up at its deadline ends instead of staying blocked.
     */
    @Override
    public void close() {
        List<Socket> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(sockets);
            sockets.clear();
        }
        open.forEach(GitDaemonTransport::closeQuietly);
    }

    private Socket connect() throws TransportException {
        int timeoutMillis = getTimeout() > 0 ? getTimeout() * 1000 : 0;
        Socket socket = new Socket();
        synchronized (this) {
            if (closed) {
                throw new TransportException(uri, "the transport was closed");
            }
            // Held before connecting: a close while the connection is made ends it too.
            sockets.add(socket);
        }
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(InetAddress.getByName(uri.getHost()),
                    uri.getPort() > 0 ? uri.getPort() : GIT_PORT), timeoutMillis);
            return socket;
        } catch (IOException e) {
            release(socket);
            if (e instanceof UnknownHostException) {
                throw new TransportException(uri, "unknown host");
            }
            throw new TransportException(uri, e.getMessage(), e);
        }
    }

    private void release(Socket socket) {
        if (socket == null) {
            return;
        }
        synchronized (this) {
            sockets.remove(socket);
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way: nothing more to do
        }
    }

    /** The git daemon's first line: which service, of which repository (and protocol v2 if wanted). */
    private void requestService(String service, PacketLineOut out, boolean protocolV2) throws IOException {
        StringBuilder request = new StringBuilder(service).append(' ').append(uri.getPath()).append('\0')
                .append("host=").append(uri.getHost());
        if (uri.getPort() > 0 && uri.getPort() != GIT_PORT) {
            request.append(':').append(uri.getPort());
        }
        request.append('\0');
        if (protocolV2) {
            request.append('\0').append(GitProtocolConstants.VERSION_2_REQUEST).append('\0');
        }
        out.writeString(request.toString());
        out.flush();
    }

    /** JGit fetches with protocol v2 unless the repository's protocol.version says 0 or 1. */
    private boolean fetchWithProtocolV2() {
        String version = local == null ? null : local.getConfig().getString("protocol", null, "version");
        return !"0".equals(version) && !"1".equals(version);
    }

    private TransportException hungUp(IOException e) {
        return new TransportException(uri, "remote hung up unexpectedly", e);
    }

    private final class Fetch extends BasePackFetchConnection {
        private final Socket socket;

        Fetch(Collection<RefSpec> refSpecs, String... additionalPatterns) throws TransportException {
            super(GitDaemonTransport.this);
            socket = connect();
            try {
                init(new BufferedInputStream(socket.getInputStream()), new BufferedOutputStream(socket.getOutputStream()));
                requestService("git-upload-pack", pckOut, fetchWithProtocolV2());
            } catch (IOException e) {
                close();
                throw hungUp(e);
            }
            if (!readAdvertisedRefs()) {
                lsRefs(refSpecs, additionalPatterns);
            }
        }

        @Override
        public void close() {
            super.close();
            release(socket);
        }
    }

    private final class Push extends BasePackPushConnection {
        private final Socket socket;

        Push() throws TransportException {
            super(GitDaemonTransport.this);
            socket = connect();
            try {
                init(new BufferedInputStream(socket.getInputStream()), new BufferedOutputStream(socket.getOutputStream()));
                requestService("git-receive-pack", pckOut, false);
            } catch (IOException e) {
                close();
                throw hungUp(e);
            }
            readAdvertisedRefs();
        }

        @Override
        public void close() {
            super.close();
            release(socket);
        }
    }
}
