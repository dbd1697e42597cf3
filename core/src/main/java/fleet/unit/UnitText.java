package fleet.unit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns unit-file input into text lines, refusing binary data: invalid UTF-8, NUL and other control
 * characters (tab excepted), a carriage return that is not part of CRLF, and unpaired surrogates.
 * A leading byte-order mark is skipped, as systemd does.
 */
final class UnitText {
    private UnitText() {}

    /** Decodes strict UTF-8; an invalid sequence is reported with its line number. */
    static String decode(byte[] bytes) throws UnitParseException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int k = 0; k < at; k++) {
                if (bytes[k] == '\n') {
                    line++;
                }
            }
            throw new UnitParseException(line, "binary data: invalid UTF-8 at byte offset " + at);
        }
        return out.flip().toString();
    }

    /** Lines split on LF or CRLF, each checked for binary data. */
    static List<String> lines(String text) throws UnitParseException {
        List<String> lines = new ArrayList<>();
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNo = 1;
        for (int k = start; k <= text.length(); k++) {
            if (k == text.length() || text.charAt(k) == '\n') {
                int end = k > start && text.charAt(k - 1) == '\r' && k < text.length() ? k - 1 : k;
                String line = text.substring(start, end);
                check(lineNo, line);
                lines.add(line);
                start = k + 1;
                lineNo++;
            }
        }
        return lines;
    }

    private static void check(int lineNo, String line) throws UnitParseException {
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            String problem = null;
            if (c == '\r') {
                problem = "carriage return not followed by a line feed";
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                problem = String.format("control character 0x%02x", (int) c);
            } else if (Character.isHighSurrogate(c) && (k + 1 == line.length()
                    || !Character.isLowSurrogate(line.charAt(k + 1)))) {
                problem = "unpaired UTF-16 surrogate";
            } else if (Character.isLowSurrogate(c) && (k == 0 || !Character.isHighSurrogate(line.charAt(k - 1)))) {
                problem = "unpaired UTF-16 surrogate";
            }
            if (problem != null) {
                throw new UnitParseException(lineNo, "binary data (" + problem + ") at column " + (k + 1));
            }
        }
    }
}
