package io.neuronetes.scheduler.spec;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of parsing a resource: the typed value, or every error found in the document (never both). A
 * document with any error is rejected whole.
 *
 * @param <T> the resource type
 */
public sealed interface ParseResult<T> permits ParseResult.Valid, ParseResult.Invalid {

    /** A document without errors. */
    record Valid<T>(T value) implements ParseResult<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A rejected document with all its errors, in schema order; never empty. */
    record Invalid<T>(List<FieldError> errors) implements ParseResult<T> {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one error");
            }
        }

        /** All errors, one per line. */
        public String message() {
            return errors.stream().map(FieldError::toString).collect(Collectors.joining("\n"));
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The errors; empty for a valid result. */
    default List<FieldError> errors() {
        return this instanceof Invalid<T> i ? i.errors() : List.of();
    }

    /**
     * The value.
     *
     * @throws IllegalArgumentException listing every error if the document was invalid
     */
    default T orThrow() {
        if (this instanceof Valid<T> v) {
            return v.value();
        }
        throw new IllegalArgumentException(((Invalid<T>) this).message());
    }
}
