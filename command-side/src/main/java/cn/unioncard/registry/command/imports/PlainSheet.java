package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.imports.SheetRow.Cell;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Any .xlsx a bank or another system made (not the registry's template): the first visible sheet's
 * non-empty rows as the texts their cells hold, with the same streaming reader, limits and refusals as
 * the imports. A number of more than 15 digits (Excel's precision) is read as Excel shows it, so a card
 * or ID number stored as a number never passes as a different valid one.
 */
public final class PlainSheet {

    /** One row as Excel numbers it (1-based) and its cells by column (0-based; null where empty). */
    public record Row(int row, List<String> cells) {

        public String cell(int column) {
            return column >= 0 && column < cells.size() ? cells.get(column) : null;
        }
    }

    /** More rows than the caller's limit: reading stopped. */
    public static final class TooManyRows extends RuntimeException {
        public TooManyRows() {
            super(null, null, false, false);
        }
    }

    private static final int EXACT_DIGITS = 15;

    private PlainSheet() {
    }

    /** Whether the bytes start as a zip (an .xlsx) does; other content is read as text by the caller. */
    public static boolean looksLikeXlsx(InputStream in) throws IOException {
        return FileMagic.valueOf(FileMagic.prepareToCheckMagic(in)) == FileMagic.OOXML;
    }

    /** The rows, header included; {@link TooManyRows} past {@code maxRows}; a 400 problem for an unreadable file. */
    public static List<Row> read(InputStream file, int maxRows) {
        PoiLimits.apply();
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(FileMagic.prepareToCheckMagic(file));
            XSSFReader reader = new XSSFReader(pkg);
            PackagePart workbook = pkg.getPart(pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT)
                    .getRelationship(0));
            if (workbook == null || !XSSFRelation.WORKBOOK.getContentType().equals(workbook.getContentType())
                    && !XSSFRelation.TEMPLATE_WORKBOOK.getContentType().equals(workbook.getContentType())
                    && !XSSFRelation.MACROS_WORKBOOK.getContentType().equals(workbook.getContentType())) {
                throw FileRefusal.NOT_XLSX.problem();
            }
            WorkbookXml book = WorkbookXml.read(reader.getWorkbookData());
            WorkbookXml.Sheet sheet = book.choose("").orElseThrow(FileRefusal.NO_SHEET::problem);
            for (PackagePart styles : pkg.getPartsByContentType(XSSFRelation.STYLES.getContentType())) {
                if (styles.getSize() > PoiLimits.MAX_STYLES_BYTES) {
                    throw FileRefusal.TOO_LARGE.problem();
                }
            }
            List<Row> rows = new ArrayList<>();
            XMLReader xml = SaxReaders.newReader();
            xml.setContentHandler(new SheetXml(SharedStringsXml.read(pkg), reader.getStylesTable(), book.date1904(),
                    (row, columns, cells, count) -> {
                        if (rows.size() > maxRows) {
                            throw new TooManyRows();
                        }
                        String[] values = new String[count == 0 ? 0 : columns[count - 1] + 1];
                        for (int i = 0; i < count; i++) {
                            values[columns[i]] = value(cells[i]);
                        }
                        rows.add(new Row(row, Arrays.asList(values)));
                    }));
            try (InputStream in = reader.getSheet(sheet.relationshipId())) {
                xml.parse(new InputSource(in));
            }
            return rows;
        } catch (SAXException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw FileRefusal.DAMAGED.problem();
        } catch (RegistryProblem | InvalidInputException | TooManyRows e) {
            throw e;
        } catch (Exception e) {
            throw FileRefusal.of(e).problem();
        } finally {
            if (pkg != null) {
                pkg.revert();
            }
        }
    }

    private static String value(Cell c) {
        if (c.kind() == Cell.Kind.NUMBER && c.text() != null) {
            try {
                BigDecimal n = new BigDecimal(c.text().trim()).stripTrailingZeros();
                if (n.scale() <= 0 && n.precision() <= EXACT_DIGITS) {
                    return n.toPlainString();
                }
            } catch (NumberFormatException e) {
                return c.shown();
            }
            return c.shown();
        }
        return c.text() != null && c.kind() == Cell.Kind.TEXT ? c.text() : c.shown();
    }
}
