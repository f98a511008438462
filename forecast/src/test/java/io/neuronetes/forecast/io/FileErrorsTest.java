package io.neuronetes.forecast.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileErrorsTest {

    static final Path TARGET = Path.of("/models/chat");

    static Stream<Arguments> causes() {
        return Stream.of(
                // the exceptions of java.nio.file name the path and leave the reason out: it is spelled out
                Arguments.of("missing target", new NoSuchFileException("/models/chat"), "No such file or directory"),
                Arguments.of("refused target", new AccessDeniedException("/models/chat"), "Permission denied"),
                // another path than the target follows in parentheses
                Arguments.of("missing parent", new NoSuchFileException("/models"),
                        "No such file or directory (/models)"),
                Arguments.of("rename", new AccessDeniedException("/models/chat/.tmp-1", "/models/chat/v000001", null),
                        "Permission denied (/models/chat/.tmp-1 -> /models/chat/v000001)"),
                // a reason the operating system gave is kept as it is
                Arguments.of("disk full", new FileSystemException("/models/chat/.tmp-1/model.bin", null,
                        "No space left on device"), "No space left on device (/models/chat/.tmp-1/model.bin)"),
                Arguments.of("other exception", new IOException("Is a directory"), "Is a directory"),
                Arguments.of("no message", new IOException(), "IOException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("causes")
    void theReasonIsSpelledOutAndAnotherPathNamed(String name, IOException e, String expected) {
        assertThat(FileErrors.cause(e, TARGET)).isEqualTo(expected);
    }

    @Test
    void withoutATargetEveryPathIsNamed() {
        assertThat(FileErrors.cause(new NoSuchFileException("/models/chat"))).isEqualTo(
                "No such file or directory (/models/chat)");
    }
}
