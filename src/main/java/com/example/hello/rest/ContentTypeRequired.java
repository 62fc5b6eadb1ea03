package com.example.hello.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A method that declares what it {@link Consumes} also needs the request to say what it sends: Quarkus REST would
 * read a body without a Content-Type as if it had the declared type, and a client that leaves the header out gets 415
 * on every target, like one that sends the wrong type. Runs after matching, before the body is read.
 */
public class ContentTypeRequired {

    @ServerRequestFilter
    public void requireContentType(ContainerRequestContext request, ResourceInfo resource) {
        if (request.getMediaType() == null && resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(Consumes.class)) {
            throw new NotSupportedException();
        }
    }
}
