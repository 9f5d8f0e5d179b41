package cn.unioncard.registry.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;

/**
 * A page of the stream as export lines ({@link ChainExport}'s format, sealed as stored): the first
 * page (after position 0) opens with the header, every page lists its recorded gaps in place, and no
 * page carries checkpoints, so the pages concatenated in order are one export the offline verifier
 * reads. The cursor travels in headers, as the body is lines.
 */
final class EventLines {

    static final String NEXT = "X-Next-After-Position";
    static final String HAS_MORE = "X-Has-More";
    static final String START_HASH = "X-Chain-Start-Hash";

    private EventLines() {
    }

    static void write(HttpServletResponse response, ObjectMapper json, EventPages pages, EventQuery q,
                      EventPages.Span span, String nextLink) throws IOException {
        long last = span.last(q.afterPosition());
        byte[] start = pages.hashAt(q.afterPosition());
        response.setContentType(ChainExport.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(NEXT, Long.toString(last));
        response.setHeader(HAS_MORE, Boolean.toString(span.hasMore()));
        response.setHeader(START_HASH, Base64.getEncoder().encodeToString(start));
        if (nextLink != null) {
            response.setHeader("Link", "<" + nextLink + ">; rel=\"next\"");
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        if (q.afterPosition() == 0 && !q.filtered()) {
            ObjectNode header = json.createObjectNode().put("format", ChainExport.FORMAT).put("from", 1)
                    .put("startHash", Base64.getEncoder().encodeToString(start));
            line(w, json, header);
        }
        Iterator<Long> gaps = (q.filtered() ? java.util.List.<Long>of() : pages.gaps(q.afterPosition(), last)).iterator();
        long[] gap = {gaps.hasNext() ? gaps.next() : Long.MAX_VALUE};
        pages.rows(q, last, (e, seal) -> {
            for (; gap[0] < e.globalIndex(); gap[0] = gaps.hasNext() ? gaps.next() : Long.MAX_VALUE) {
                line(w, json, ChainExport.gap(json, gap[0]));
            }
            line(w, json, ChainExport.event(json, e, seal));
        });
        for (; gap[0] != Long.MAX_VALUE; gap[0] = gaps.hasNext() ? gaps.next() : Long.MAX_VALUE) {
            line(w, json, ChainExport.gap(json, gap[0]));
        }
        w.flush();
    }

    private static void line(Writer w, ObjectMapper json, ObjectNode node) {
        try {
            w.write(json.writeValueAsString(node));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
