package fleet.cli.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A TCP connection, optionally TLS; every read's timeout is what is left until the deadline. */
final class TcpConnection implements Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long deadline;

    private TcpConnection(Socket socket, long deadline) throws IOException {
        this.socket = socket;
        this.deadline = deadline;
        this.out = socket.getOutputStream();
        this.in = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                applyDeadline();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                applyDeadline();
                return super.read(b, off, len);
            }
        };
    }

    static TcpConnection open(String host, int port, SSLContext tls, long deadline) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) Connection.remainingMillis(deadline));
            plain.setTcpNoDelay(true);
            if (tls == null) {
                return new TcpConnection(plain, deadline);
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.setSoTimeout((int) Connection.remainingMillis(deadline));
            ssl.startHandshake();
            return new TcpConnection(ssl, deadline);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private void applyDeadline() throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Connection.remainingMillis(deadline)));
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
