package com.example.config;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces {@link HttpConfig#maxBodySize()}: up front from Content-Length, and while reading for bodies sent
 * without one (chunked). Failures become a 413 problem through the usual exception mapping.
 */
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(HttpConfig limits) {
        this.maxBytes = limits.maxBodySize().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public void limitBody(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw new WebApplicationException(Status.REQUEST_ENTITY_TOO_LARGE);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBytes));
        }
    }

    /** Counts bytes as they are read and fails once the limit is passed. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long maxBytes;
        private long read;

        LimitedInputStream(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new WebApplicationException(Status.REQUEST_ENTITY_TOO_LARGE);
            }
        }
    }
}
