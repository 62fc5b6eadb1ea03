package com.example.platform.observability;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import com.example.platform.problem.InvalidFieldException;

/**
 * Test-only endpoint that rejects every path under it as a client mistake, so ProblemMappers logs the (decoded,
 * client-chosen) path in its DEBUG line. Compiled with the tests; it never ships.
 */
@Path("/_test/reject")
public class RejectingResource {

    @GET
    @Path("{segment}")
    public String reject() {
        throw new InvalidFieldException("name", "rejected by the test endpoint");
    }
}
