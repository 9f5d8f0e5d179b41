package cn.unioncard.registry.command.imports;

import org.apache.poi.util.XMLHelper;
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
import java.util.Optional;

/**
 * What the workbook part says about its sheets (name, relationship id, hidden or not) and its date
 * system: POI's streaming reader does not expose a sheet's visibility or the 1904 flag.
 */
record WorkbookXml(List<Sheet> sheets, boolean date1904) {

    record Sheet(String name, String relationshipId, boolean visible) {
    }

    static WorkbookXml read(InputStream workbook) throws IOException, SAXException, ParserConfigurationException {
        List<Sheet> sheets = new ArrayList<>();
        boolean[] date1904 = {false};
        XMLReader reader = XMLHelper.newXMLReader();
        reader.setContentHandler(new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                if (localName.equals("workbookPr")) {
                    String d = attributes.getValue("date1904");
                    date1904[0] = "1".equals(d) || "true".equalsIgnoreCase(d);
                } else if (localName.equals("sheet")) {
                    String state = attributes.getValue("state");
                    sheets.add(new Sheet(attributes.getValue("name"), relationshipId(attributes),
                            state == null || state.equals("visible")));
                }
            }
        });
        try (workbook) {
            reader.parse(new InputSource(workbook));
        }
        return new WorkbookXml(List.copyOf(sheets), date1904[0]);
    }

    /** The sheet named {@code name}, else the first visible one (a renamed or re-saved sheet is still read). */
    Optional<Sheet> choose(String name) {
        return sheets.stream().filter(s -> name.equals(s.name() == null ? null : s.name().strip())).findFirst()
                .or(() -> sheets.stream().filter(Sheet::visible).findFirst());
    }

    private static String relationshipId(Attributes attributes) {
        for (int i = 0; i < attributes.getLength(); i++) {
            if (attributes.getLocalName(i).equals("id") && !attributes.getURI(i).isEmpty()) {
                return attributes.getValue(i);
            }
        }
        return null;
    }
}
