package com.example.platform;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The methods each resource path answers, read from the JAX-RS annotations of the resource beans, for the
 * {@code Allow} header a 405 must carry (RFC 9110 15.5.6): Quarkus REST answers 405 without it. HEAD comes with GET
 * and OPTIONS with every path, as Quarkus REST answers them. The paths also bound the request metrics' tags.
 */
@Singleton
public class ResourceMethods {

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*([^}]+))?}");

    private record Resource(String template, Pattern path, String allow) {
    }

    private final List<Resource> resources = new ArrayList<>();

    public ResourceMethods(BeanManager beans) {
        Map<String, Set<String>> methodsByTemplate = new TreeMap<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path classPath = bean.getBeanClass().getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : bean.getBeanClass().getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod != null) {
                    Path methodPath = method.getAnnotation(Path.class);
                    String template = normalize(classPath.value() + "/" + (methodPath == null ? "" : methodPath.value()));
                    Set<String> methods = methodsByTemplate.computeIfAbsent(template, ignored -> new TreeSet<>());
                    methods.add(httpMethod);
                    methods.add("OPTIONS");
                    if (httpMethod.equals("GET")) {
                        methods.add("HEAD");
                    }
                }
            }
        }
        methodsByTemplate.forEach((template, methods) -> resources
                .add(new Resource(template, pattern(template), String.join(", ", methods))));
    }

    /** The path templates of the resources ({@code /hello}, {@code /items/{id}}), as the request metrics name them. */
    public Set<String> templates() {
        return resources.stream().map(Resource::template).collect(Collectors.toUnmodifiableSet());
    }

    /** The Allow header value for this request path, if a resource answers it. */
    public Optional<String> allow(String path) {
        String normalized = normalize(path);
        return resources.stream().filter(resource -> resource.path().matcher(normalized).matches())
                .map(Resource::allow).findFirst();
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    private static String normalize(String path) {
        String collapsed = ("/" + path).replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1)
                : collapsed;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = TEMPLATE_PARAMETER.matcher(template);
        int literalStart = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literalStart, parameter.start())))
                    .append('(').append(parameter.group(1) != null ? parameter.group(1).strip() : "[^/]+").append(')');
            literalStart = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(literalStart)));
        return Pattern.compile(regex.toString());
    }
}
