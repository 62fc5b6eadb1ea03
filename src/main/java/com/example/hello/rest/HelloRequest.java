package com.example.hello.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /hello_post}. An empty name is allowed and greets the default visitor.
 */
public record HelloRequest(
        @Schema(description = "Who to greet; empty greets 'visitor'", examples = "太郎", required = true)
        @NotNull(message = "name is required and must be a string")
        @Pattern(regexp = HelloRequest.NO_REPLACEMENT_CHARACTER, message = HelloRequest.NOT_UTF8_MESSAGE)
        String name) {

    /**
     * U+FFFD is what a gateway puts where the client sent bytes that were not UTF-8; rejecting it makes a broken
     * body a 400 on Lambda too, where the event arrives already decoded, instead of a garbled greeting.
     */
    static final String NO_REPLACEMENT_CHARACTER = "[^\\x{FFFD}]*";
    static final String NOT_UTF8_MESSAGE = "must be valid UTF-8 text";
}
