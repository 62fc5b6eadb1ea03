package com.example.hello.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.example.platform.problem.InvalidFieldException;

/**
 * Body of {@code POST /hello_post}. An empty name is allowed and greets the default visitor.
 */
public record HelloRequest(
        @Schema(description = "Who to greet; empty greets 'visitor'", examples = "太郎", required = true)
        String name) {

    static final String NOT_UTF8_MESSAGE = "must be valid UTF-8 text";

    /** The name, once it is known to be present and readable. */
    String requiredName() {
        if (name == null) {
            throw new InvalidFieldException("name", "name is required and must be a string");
        }
        return requireUtf8("name", name);
    }

    /**
     * U+FFFD is what a gateway puts where the client sent bytes that were not UTF-8; rejecting it makes a broken
     * request a 400 on Lambda too, where the event arrives already decoded, instead of a garbled greeting. An unpaired
     * surrogate (a JSON escape such as {@code "\\ud800"}) is no character at all and cannot be written as UTF-8.
     */
    static String requireUtf8(String field, String text) {
        if (text != null && (text.indexOf('\uFFFD') >= 0 || hasUnpairedSurrogate(text))) {
            throw new InvalidFieldException(field, NOT_UTF8_MESSAGE);
        }
        return text;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
