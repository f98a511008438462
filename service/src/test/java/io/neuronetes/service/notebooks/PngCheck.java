package io.neuronetes.service.notebooks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Checks that a file is a real, non-trivial chart: a PNG by its signature and IHDR chunk, decodable, of
 * plausible chart dimensions, of some kilobytes, and not a blank canvas (a chart has text, lines and fills,
 * so hundreds of distinct colours once anti-aliased).
 */
final class PngCheck {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final int MIN_BYTES = 15_000;
    static final int MIN_WIDTH = 500;
    static final int MIN_HEIGHT = 300;
    static final int MAX_SIDE = 5_000;
    static final int MIN_COLOURS = 64;

    private PngCheck() {
    }

    /**
     * Returns a description of what is wrong with {@code file}, or the empty string when it is a plausible chart.
     */
    static String problems(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return file + " was not written";
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 24 || !Arrays.equals(Arrays.copyOf(bytes, 8), SIGNATURE)) {
            return file + " does not start with the PNG signature";
        }
        String chunk = new String(bytes, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        if (!chunk.equals("IHDR")) {
            return file + " has " + chunk + " instead of IHDR as its first chunk";
        }
        int width = ByteBuffer.wrap(bytes, 16, 4).getInt();
        int height = ByteBuffer.wrap(bytes, 20, 4).getInt();
        StringBuilder out = new StringBuilder();
        if (bytes.length < MIN_BYTES) {
            out.append(file).append(" has only ").append(bytes.length).append(" bytes (< ").append(MIN_BYTES).append("); ");
        }
        if (width < MIN_WIDTH || height < MIN_HEIGHT || width > MAX_SIDE || height > MAX_SIDE) {
            out.append(file).append(" is ").append(width).append('x').append(height)
                    .append(", outside ").append(MIN_WIDTH).append('x').append(MIN_HEIGHT).append(" .. ")
                    .append(MAX_SIDE).append('x').append(MAX_SIDE).append("; ");
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            return out.append(file).append(" cannot be decoded as an image").toString();
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            out.append(file).append(" decodes to ").append(image.getWidth()).append('x').append(image.getHeight())
                    .append(" but its IHDR says ").append(width).append('x').append(height).append("; ");
        }
        int colours = distinctColours(image);
        if (colours < MIN_COLOURS) {
            out.append(file).append(" has only ").append(colours).append(" distinct colours: a blank or empty chart; ");
        }
        return out.toString();
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
                if (seen.size() >= MIN_COLOURS) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }
}
