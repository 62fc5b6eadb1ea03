package com.example.hello.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the greeting the API returns; knows nothing about HTTP or Lambda.
 */
@ApplicationScoped
public class GreetingService {

    static final String DEFAULT_NAME = "visitor";

    /**
     * @param verb the HTTP method shown in the greeting, e.g. {@code GET}
     * @param name who to greet; {@code null} or empty greets the default visitor
     */
    public String greet(String verb, String name) {
        String who = (name == null || name.isEmpty()) ? DEFAULT_NAME : name;
        return "[" + verb + "]hello, " + who + "!";
    }
}
