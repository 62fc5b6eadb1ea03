package com.example.hello.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GreetingServiceTest {

    private final GreetingService greetings = new GreetingService();

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = { "GET|X|[GET]hello, X!", "POST|太郎|[POST]hello, 太郎!", "GET|''|[GET]hello, visitor!",
            "POST|NULL|[POST]hello, visitor!" })
    void shouldGreetNameOrVisitor(String verb, String name, String expected) {
        assertThat(greetings.greet(verb, name)).isEqualTo(expected);
    }
}
