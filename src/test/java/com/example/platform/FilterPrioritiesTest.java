package com.example.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The platform's filters run in the order {@link FilterPriorities} lists them (Vert.x runs a higher priority first), so
 * the list read top to bottom is the path of a request, and no two filters share a priority.
 */
class FilterPrioritiesTest {

    @Test
    void shouldRunTheFiltersInTheOrderTheyAreListed() throws IllegalAccessException {
        List<Field> listed = Arrays.stream(FilterPriorities.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == int.class).toList();
        int[] priorities = new int[listed.size()];
        for (int i = 0; i < priorities.length; i++) {
            priorities[i] = listed.get(i).getInt(null);
        }

        assertThat(listed.stream().map(Field::getName)).containsExactly("CLOSING_CONNECTIONS", "REQUEST_LOG",
                "JVM_METRICS", "CORS", "REQUEST_GUARD", "GATEWAY_NORMALIZER", "QUARKUS_CORS", "OPTIONS_REQUESTS",
                "REQUEST_BODY");
        assertThat(priorities).as("priorities, first to last").isSortedAccordingTo((a, b) -> Integer.compare(b, a))
                .doesNotHaveDuplicates();
    }
}
