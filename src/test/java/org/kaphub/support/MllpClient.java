package org.kaphub.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain MLLP sender over a real socket: frames a message, waits for the framed ACK. */
public final class MllpClient implements AutoCloseable {

    public static final byte START = 0x0b;
    public static final byte END = 0x1c;
    public static final byte CR = 0x0d;

    private final Socket socket;

    public MllpClient(int port) throws IOException {
        this(port, 30_000);
    }

    public MllpClient(int port, int readTimeoutMillis) throws IOException {
        this(new Socket("127.0.0.1", port), readTimeoutMillis);
    }

    /** Over a socket the caller made (e.g. a TLS socket with or without a client certificate). */
    public MllpClient(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(readTimeoutMillis);
    }

    /** Sends one message (segments separated by \r) and returns the ACK text. */
    public String send(String message) throws IOException {
        return sendBytes(message.getBytes(StandardCharsets.UTF_8));
    }

    public String sendBytes(byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(START);
        out.write(payload);
        out.write(END);
        out.write(CR);
        out.flush();
        return readAck();
    }

    /** Writes raw bytes without framing them (for half-sent or broken frames). */
    public void writeRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    public String readAck() throws IOException {
        InputStream in = socket.getInputStream();
        int b = in.read();
        if (b != START) {
            throw new IOException("No MLLP frame start, got " + b);
        }
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        while ((b = in.read()) != -1) {
            if (b == END) {
                in.read(); // trailing CR
                return ack.toString(StandardCharsets.UTF_8);
            }
            ack.write(b);
        }
        throw new IOException("Connection closed inside an MLLP frame");
    }

    /** One send on a fresh connection. */
    public static String sendOnce(int port, String message) throws IOException {
        try (MllpClient client = new MllpClient(port)) {
            return client.send(message);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
