package com.example.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request target the way the application must see it, or says why it cannot (RFC 9112 3.2, RFC 3986). Quarkus's
 * own check ({@code java.net.URI}, before any route) answered an empty 400 and kept the connection open, so a request
 * smuggled in a chunked body behind a refused target was answered; it is switched off
 * ({@code -Dvertx.disableURIValidation=true} wherever the JVM starts) and {@link RequestGuard} uses this instead.
 */
final class RequestTarget {

    private RequestTarget() {
    }

    static final String NOT_A_URI = "The request target is not a valid URI; percent-encode reserved characters.";

    /** Why the (ASCII) target cannot be served, or null when it can. */
    static String problem(String target) {
        if (target.indexOf('#') >= 0) {
            return "A request target has no fragment; percent-encode '#' (%23).";
        }
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            return NOT_A_URI;
        }
    }

    /**
     * Whether the path (the target before any query) has a {@code %} that does not start a two-digit hex escape. Vert.x
     * Web fails on such a path while matching the first route, before any filter runs, and logs an ERROR.
     */
    static boolean hasBrokenPathEscape(String target) {
        int end = target.indexOf('?') < 0 ? target.length() : target.indexOf('?');
        for (int i = target.indexOf('%'); i >= 0 && i < end; i = target.indexOf('%', i + 1)) {
            if (i + 2 >= end || Character.digit(target.charAt(i + 1), 16) < 0
                    || Character.digit(target.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The target with each {@code ;} of its query percent-encoded, or the target itself when it has none. The query
     * decoder would split parameters at a raw {@code ;} (an old form convention), so {@code name=a;b} lost {@code ;b}
     * and {@code x=1;name=a&name=b} read a name that a proxy splitting on {@code &} does not see; browsers send it raw.
     */
    static String withEncodedQuerySemicolons(String target) {
        int query = target.indexOf('?');
        if (query < 0 || target.indexOf(';', query) < 0) {
            return target;
        }
        return target.substring(0, query) + target.substring(query).replace(";", "%3B");
    }

    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /**
     * Over a socket every character of the target is one byte as received (Netty reads the request line as
     * ISO-8859-1); from a Lambda event it is already text. Either way the result is the UTF-8 bytes, percent-encoded,
     * or null when they are not UTF-8.
     */
    static String percentEncodeUtf8(String target, boolean isText) {
        byte[] bytes = target.getBytes(isText ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (isText && !target.equals(new String(bytes, StandardCharsets.UTF_8))) {
            return null;
        }
        if (!Utf8.isValid(bytes)) {
            return null;
        }
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (b >= 0) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }
}
