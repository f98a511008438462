package io.neuronetes.service.shadow;

/** A shadow replay that cannot run for a reason the user can act on (too little history, no replayable metric). */
public final class ShadowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ShadowException(String message) {
        super(message);
    }
}
