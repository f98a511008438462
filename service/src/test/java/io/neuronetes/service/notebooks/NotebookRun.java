package io.neuronetes.service.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One headless execution of a notebook with {@code jupyter nbconvert --to notebook --execute}, as a user or CI
 * runs it: working directory the notebooks folder, inputs through {@code NB_*} environment variables.
 *
 * @param exitCode the exit status of nbconvert (-1 when it was killed on timeout)
 * @param log      what nbconvert printed (stdout and stderr merged)
 * @param executed the executed notebook written to the output folder (may not exist when the run failed)
 */
record NotebookRun(int exitCode, String log, Path executed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Runs {@code notebook} from {@code notebooksDir} with {@code env} added to this process's environment.
     *
     * @throws AssertionError naming the missing command when {@code jupyter} is not on the PATH
     */
    static NotebookRun execute(Path notebooksDir, String notebook, Map<String, String> env, Path outputDir,
            Duration timeout) throws IOException, InterruptedException {
        Path jupyter = findOnPath("jupyter").orElseThrow(() -> new AssertionError(
                "'jupyter' is not on the PATH, so the notebooks cannot be executed. Install Debian's "
                        + "jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas python3-matplotlib "
                        + "(scripts/test.sh does it) and run the tests again."));
        Files.createDirectories(outputDir);
        Path log = outputDir.resolve(notebook + ".log");
        List<String> command = List.of(jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=" + timeout.toSeconds(), "--output-dir", outputDir.toString(),
                notebook);
        ProcessBuilder builder = new ProcessBuilder(command).directory(notebooksDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        // pydevd warns about frozen modules on every kernel start; the warning is noise in the log.
        builder.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Process process = builder.start();
        int exit = -1;
        if (process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            exit = process.exitValue();
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new NotebookRun(exit, Files.readString(log), outputDir.resolve(notebook));
    }

    /** Everything the executed notebook's cells printed, in cell order. */
    String printed() throws IOException {
        StringBuilder out = new StringBuilder();
        for (JsonNode cell : JSON.readTree(executed.toFile()).path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                if ("stream".equals(output.path("output_type").asText())) {
                    JsonNode text = output.path("text");
                    if (text.isArray()) {
                        text.forEach(part -> out.append(part.asText()));
                    } else {
                        out.append(text.asText());
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The {@code key=value} figures of the line {@code HEADLINE <kind> ...} that the notebook prints last.
     *
     * @throws AssertionError when the notebook printed no such line
     */
    Map<String, String> headline(String kind) throws IOException {
        String prefix = "HEADLINE " + kind + " ";
        List<String> lines = new ArrayList<>(printed().lines().filter(l -> l.startsWith(prefix)).toList());
        if (lines.isEmpty()) {
            throw new AssertionError("notebook " + executed + " printed no line starting with '" + prefix + "'");
        }
        Map<String, String> figures = new LinkedHashMap<>();
        for (String pair : lines.get(lines.size() - 1).substring(prefix.length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            figures.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return figures;
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
