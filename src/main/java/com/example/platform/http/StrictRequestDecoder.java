package com.example.platform.http;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.ext.web.handler.HttpException;

import com.example.platform.problem.Problem;

/**
 * Vert.x's HTTP/1.1 request decoder with these changes, each turning what it would quietly accept, or drop without an
 * answer, into a failed request (an {@link HttpException} with what the client is told, which {@code HttpProblems}
 * answers as a problem) after which the connection is closed:
 * <ul>
 * <li>A protocol other than HTTP/1.x in the request line fails, instead of becoming a protocol version Netty makes up
 * (and Vert.x writes back in the status line); so does a target that is not a URI ({@link RequestTarget}), which Quarkus
 * would answer with an empty 400 on a connection it keeps open. Raw UTF-8 in the target is percent-encoded.</li>
 * <li>A chunked body whose framing breaks (a chunk size that is not hex or too large, spaces or stray bytes in a
 * chunk-size line, a missing CRLF, trailers over the limit) ends there, and its request fails; Vert.x would close the
 * connection without an answer, and Netty read some such lines as a size a proxy in front would not.</li>
 * <li>A request head (request line and headers) must arrive within {@code hello.http.request-head-timeout} of its first
 * byte, or of the connection's start for its first request; Vert.x has only an idle timeout, which a client sending a
 * byte now and then never reaches.</li>
 * </ul>
 */
class StrictRequestDecoder extends VertxHttpRequestDecoder {

    private static final Pattern HIGHER_HTTP_1 = Pattern.compile("HTTP/1\\.[2-9]");
    private static final Pattern OTHER_HTTP_VERSION = Pattern.compile("HTTP/[02-9]\\.[0-9]");
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /**
     * RFC 9112 7.1: a chunk size in hex, then extensions ({@code ;name} or {@code ;name=value}, a token or a quoted
     * string, optional whitespace around {@code ;} and {@code =}). At most 8 hex digits after leading zeros: Netty keeps
     * the size in an int, and read a size of 2^32 or more as its remainder (100000000 as 0).
     */
    private static final Pattern CHUNK_SIZE_LINE = Pattern.compile("0*([0-9A-Fa-f]{1,8})(?:[ \\t]*;[ \\t]*" + TOKEN
            + "(?:[ \\t]*=[ \\t]*(?:" + TOKEN + "|\"(?:[\\t !#-\\[\\]-~\\x80-\\xff]|\\\\[\\t -~\\x80-\\xff])*\"))?)*");
    /** Outside a chunked body. */
    private static final long NO_CHUNKS = -1;
    /** After the last chunk: trailer lines, which Netty reads as headers. */
    private static final long TRAILERS = -2;
    private static final String MALFORMED_CHUNKS = "The chunked body's framing is malformed.";

    private final Duration headTimeout;
    private boolean awaitingHead = true;
    /** After a refusal: the connection is closed once it is answered, and nothing more is read. */
    private boolean discarding;
    /** In a chunked body: the bytes of the current chunk, and its CRLF, still to come; 0 at a chunk-size line. */
    private long chunkBytesLeft = NO_CHUNKS;
    /** The size the chunk-size line being read announces. */
    private long pendingChunkSize;
    private ScheduledFuture<?> headDeadline;
    /** The request whose body is being decoded. */
    private HttpRequest current;
    /** Why the target of the request whose head is being read is refused; null when it is not. */
    private String refusedTarget;

    StrictRequestDecoder(HttpServerOptions options, Duration headTimeout) {
        super(options);
        this.headTimeout = headTimeout;
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf buffer, List<Object> out) throws Exception {
        if (discarding) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        long chunkLine = chunkBytesLeft == 0 ? checkChunkSizeLine(buffer) : 0;
        if (chunkLine < 0) {
            refuseChunks(out);
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int readerIndex = buffer.readerIndex();
        // Netty's decoder returns at the end of each message, so a call that starts while a head is awaited reads only
        // that head: a timer is needed only when the call ends without it.
        boolean headStarts = awaitingHead && headDeadline == null && buffer.isReadable();
        boolean headArrived = false;
        int before = out.size();
        super.decode(context, buffer, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                if (refusedTarget != null) {
                    refuseRead(request, failure(400, refusedTarget), out, i, buffer);
                    refusedTarget = null;
                } else if (!hasRoomForAnswers(context)) {
                    refuseRead(request, failure(503, "Too many answers wait unread on this connection; read them "
                            + "first."), out, i, buffer);
                }
            }
            if (out.get(i) instanceof HttpRequest failed && failed.decoderResult().isFailure()) {
                // The decoder reads nothing after a failed request, so it is the last one.
                out.set(i, failed instanceof FullHttpRequest full ? headOf(full) : failed);
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            if (out.get(i) instanceof HttpRequest request) {
                current = request;
                headArrived = true;
                awaitingHead = false;
                cancelHeadDeadline();
                chunkBytesLeft = request.decoderResult().isSuccess() && HttpUtil.isTransferEncodingChunked(request) ? 0
                        : NO_CHUNKS;
            } else if (out.get(i) instanceof HttpContent chunk && chunk.decoderResult().isFailure()
                    && current != null) {
                // Vert.x would close the connection without an answer. The body ends here instead, and the request
                // carries the failure, which is answered; the decoder reads nothing more on this connection.
                current.setDecoderResult(failure(400, MALFORMED_CHUNKS));
                chunk.release();
                out.set(i, LastHttpContent.EMPTY_LAST_CONTENT);
            }
            if (out.get(i) instanceof LastHttpContent) {
                awaitingHead = true;
                chunkBytesLeft = NO_CHUNKS;
            }
        }
        if (headStarts && !headArrived) {
            startHeadDeadline(context);
        }
        trackChunks(buffer.readerIndex() - readerIndex, chunkLine);
    }

    /**
     * The length of the chunk-size line at the buffer's start, once it has fully arrived, after checking it; 0 while
     * it has not; -1 when it is malformed. Netty reads a size with spaces around it, a bare CR, control bytes or an
     * unclosed quote in an extension, or more hex digits than fit an int, as a chunk size, so a client could end a
     * chunk where a proxy in front does not, and smuggle a request in its body.
     */
    private long checkChunkSizeLine(ByteBuf buffer) {
        int lineEnd = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
        if (lineEnd < 0) {
            return 0;
        }
        int length = lineEnd - buffer.readerIndex();
        if (length == 0 || buffer.getByte(lineEnd - 1) != '\r') {
            return -1;
        }
        Matcher line = CHUNK_SIZE_LINE.matcher(buffer.toString(buffer.readerIndex(), length - 1,
                StandardCharsets.ISO_8859_1));
        if (!line.matches()) {
            return -1;
        }
        pendingChunkSize = Long.parseLong(line.group(1), 16);
        return length + 1;
    }

    /** Follows where the next chunk-size line starts, from the bytes Netty has read ({@code line}: one was among them). */
    private void trackChunks(long consumed, long line) {
        if (chunkBytesLeft == 0 && line > 0 && consumed >= line) {
            chunkBytesLeft = pendingChunkSize == 0 ? TRAILERS : pendingChunkSize + 2;
            consumed -= line;
        }
        if (chunkBytesLeft > 0) {
            chunkBytesLeft -= Math.min(consumed, chunkBytesLeft);
        }
    }

    /**
     * Whether the answers already written fit under the outbound buffer's high-water mark (64 KiB) once flushed:
     * Vert.x flushes after each read, so a burst of pipelined requests passes the mark before the client had a chance
     * to read anything; what still does not fit after a flush is waiting for a client that does not read.
     */
    private static boolean hasRoomForAnswers(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            return true;
        }
        context.flush();
        return context.channel().isWritable();
    }

    /**
     * Fails a request whose head has been read, and reads nothing more: the answer to it is written in turn, after
     * any answer still being written. Used for a target that is not a URI (its headers read first, so the answer can
     * carry the CORS headers for its Origin) and for a request that arrives while the answers before it wait unread in
     * the connection's outbound buffer (past Netty's high-water mark, 64 KiB): a client pipelining requests without
     * reading answers would otherwise have them all run and their answers held in memory.
     */
    private void refuseRead(HttpRequest request, DecoderResult failure, List<Object> out, int index, ByteBuf buffer) {
        request.setDecoderResult(failure);
        while (out.size() > index + 1) {
            ReferenceCountUtil.release(out.remove(out.size() - 1));
        }
        discarding = true;
        buffer.skipBytes(buffer.readableBytes());
    }

    /** Ends the body of the request being read and fails it, as for chunk framing Netty itself refuses. */
    private void refuseChunks(List<Object> out) {
        discarding = true;
        chunkBytesLeft = NO_CHUNKS;
        current.setDecoderResult(failure(400, MALFORMED_CHUNKS));
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** The first request's head is timed from the connection's start: a client may connect and send nothing. */
    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        startHeadDeadline(context);
        super.channelActive(context);
    }

    private void startHeadDeadline(ChannelHandlerContext context) {
        headDeadline = context.executor().schedule(() -> failSlowHead(context), headTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A request head cut off by the client's close has no one left to answer: nothing is passed on. */
    @Override
    protected void decodeLast(ChannelHandlerContext context, ByteBuf buffer, List<Object> out) throws Exception {
        int before = out.size();
        super.decodeLast(context, buffer, out);
        for (int i = out.size() - 1; i >= before; i--) {
            if (out.get(i) instanceof HttpRequest cutOff
                    && cutOff.decoderResult().cause() instanceof PrematureChannelClosureException) {
                ReferenceCountUtil.release(out.remove(i));
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext context) throws Exception {
        cancelHeadDeadline();
        super.handlerRemoved0(context);
    }

    private void cancelHeadDeadline() {
        if (headDeadline != null) {
            headDeadline.cancel(false);
            headDeadline = null;
        }
    }

    /**
     * Hands Vert.x a failed request in place of the one still arriving, as the decoder does for a malformed one, so
     * the refusal is answered in turn after any answer still being written, and reads nothing more.
     */
    private void failSlowHead(ChannelHandlerContext context) {
        headDeadline = null;
        if (!awaitingHead || !context.channel().isActive()) {
            return;
        }
        discarding = true;
        HttpRequest failed = headOf((FullHttpRequest) createInvalidMessage());
        failed.setDecoderResult(failure(408, "The request line and headers did not arrive in time."));
        context.fireChannelRead(failed);
        context.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
        context.fireChannelReadComplete();
    }

    /**
     * A failed request as a head, to be followed by its end. Vert.x ends a request only on a separate last content and
     * reads a full request as a head, so a failed one never ended; when its connection closed while it waited behind
     * an earlier answer, Vert.x failed on it with a NullPointerException (a WARN with a stack trace).
     */
    private static HttpRequest headOf(FullHttpRequest failed) {
        HttpRequest head = new DefaultHttpRequest(failed.protocolVersion(), failed.method(), failed.uri(),
                failed.headers());
        head.setDecoderResult(failed.decoderResult());
        failed.release();
        return head;
    }

    private static DecoderResult failure(int status, String detail) {
        return DecoderResult.failure(new HttpException(status, detail));
    }

    /**
     * HTTP/1.0 and 1.1 as they are; a later 1.x as 1.1, as RFC 9112 2.3 asks; another major version 505; anything else
     * in the protocol's place (a lower-case name, leading zeros) 400. Netty would make a version up for any of them.
     */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        String protocol = initialLine[2];
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            if (HIGHER_HTTP_1.matcher(protocol).matches()) {
                initialLine[2] = "HTTP/1.1";
            } else if (OTHER_HTTP_VERSION.matcher(protocol).matches()) {
                throw new HttpException(505, Problem.UNSUPPORTED_PROTOCOL);
            } else {
                throw new HttpException(400, "The request line does not end with a protocol version (HTTP/1.1).");
            }
        }
        try {
            initialLine[1] = RequestTarget.normalize(initialLine[1], false);
        } catch (RequestTarget.InvalidTarget invalid) {
            // Refused once the headers are read; meanwhile the target with what made it invalid percent-encoded,
            // which Quarkus's check passes and the access log can name.
            refusedTarget = invalid.getMessage();
            initialLine[1] = RequestTarget.escaped(initialLine[1]);
        }
        return super.createMessage(initialLine);
    }
}
