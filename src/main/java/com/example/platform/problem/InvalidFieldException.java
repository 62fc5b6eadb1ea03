package com.example.platform.problem;

/**
 * One field of the request is not acceptable; {@link ProblemMappers} answers it with a 400 validation problem naming
 * the field. Thrown for expected client mistakes, so it carries no stack trace.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    /**
     * @param field a dotted path into the JSON body, a query parameter name, or {@code body} for the body itself
     * @param message what is wrong with it, shown to the client
     */
    public InvalidFieldException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
