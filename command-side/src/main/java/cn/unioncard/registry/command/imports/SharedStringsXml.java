package cn.unioncard.registry.command.imports;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbook's shared strings as plain strings (phonetic runs left out). POI's
 * {@code ReadOnlySharedStringsTable} wraps every lookup in an XMLBeans rich-text object, which made
 * it half the time of reading a sheet.
 */
final class SharedStringsXml extends DefaultHandler {

    private final List<String> strings = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private boolean inText;
    private boolean inPhonetic;
    private long total;

    private SharedStringsXml() {
    }

    static List<String> read(OPCPackage pkg) throws IOException, SAXException, ParserConfigurationException {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        SharedStringsXml handler = new SharedStringsXml();
        if (!parts.isEmpty()) {
            XMLReader reader = SaxReaders.newReader();
            reader.setContentHandler(handler);
            try (InputStream in = parts.get(0).getInputStream()) {
                reader.parse(new InputSource(in));
            } catch (SAXException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // over the bounds
                }
                throw e;
            }
        }
        return handler.strings;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        switch (SaxReaders.local(qName)) {
            case "si" -> text.setLength(0);
            case "t" -> inText = true;
            case "rPh" -> inPhonetic = true;
            default -> {
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        switch (SaxReaders.local(qName)) {
            case "si" -> strings.add(text.toString());
            case "t" -> inText = false;
            case "rPh" -> inPhonetic = false;
            default -> {
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (inText && !inPhonetic) {
            total += length;
            if (total > PoiLimits.MAX_SHARED_TEXT || text.length() + length > SheetXml.MAX_CELL_TEXT) {
                throw new SAXException(FileRefusal.TOO_LARGE.problem()); // never held whole
            }
            text.append(ch, start, length);
        }
    }
}
