package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.imports.SheetRow.Cell;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * An uploaded .xlsx opened for streaming (never whole in the heap: POI unzips entries above
 * {@link PoiLimits#TEMP_FILE_THRESHOLD} to encrypted temp files, deleted on {@link #close()}, and the
 * sheet is read with SAX). Opening refuses, with a 400 problem naming the cause, anything that is not
 * an .xlsx of this kind: an old .xls, a CSV, a password-protected workbook, a zip bomb, a header that
 * lacks required columns or has unknown ones (see {@link SheetHeader} for the rule). The sheet read is
 * the one named {@code kind.sheet()}, else the first visible one. Data rows are those after the header
 * (the first non-empty row), without empty rows, the English hint row and the template's example row.
 */
final class ImportSheet implements AutoCloseable, JobRun.Rows {

    /** An .xlsx, and what Excel/WPS may save it as: with macros (.xlsm) or as a template (.xltx, .xltm). */
    private static final java.util.Set<String> WORKBOOK_TYPES = java.util.Set.of(
            XSSFRelation.WORKBOOK.getContentType(), XSSFRelation.MACROS_WORKBOOK.getContentType(),
            XSSFRelation.TEMPLATE_WORKBOOK.getContentType(), XSSFRelation.MACRO_TEMPLATE_WORKBOOK.getContentType());

    private final ImportKind kind;
    private final OPCPackage pkg;
    private final XSSFReader reader;
    private final String sheetId;
    private final boolean date1904;
    private final List<String> strings;
    private final StylesTable styles;
    private int headerRow;
    private int[] templateColumnOf;
    private final boolean[] present;
    private SheetScan.Result scan; // read once, when first needed

    private ImportSheet(ImportKind kind, OPCPackage pkg, XSSFReader reader, String sheetId, boolean date1904,
                        List<String> strings, StylesTable styles) {
        this.kind = kind;
        this.pkg = pkg;
        this.reader = reader;
        this.sheetId = sheetId;
        this.date1904 = date1904;
        this.strings = strings;
        this.styles = styles;
        this.present = new boolean[kind.columns().size()];
    }

    /** Opens and checks the file (type, encryption, limits, header). */
    static ImportSheet open(InputStream file, ImportKind kind) {
        PoiLimits.apply();
        try {
            InputStream in = FileMagic.prepareToCheckMagic(file);
            in.mark(1);
            if (in.read() < 0) {
                throw FileRefusal.EMPTY.problem();
            }
            in.reset();
            return switch (FileMagic.valueOf(in)) {
                case OOXML -> openXlsx(in, kind);
                case OLE2 -> throw ole2(in);
                default -> throw FileRefusal.NOT_XLSX.problem();
            };
        } catch (IOException e) {
            throw FileRefusal.DAMAGED.problem();
        }
    }

    /** How many data rows the sheet holds (not the header, the hint row, the example row or empty rows). */
    int countRows() {
        int[] count = {0};
        pass(0, List.of(), row -> count[0]++);
        return count[0];
    }

    /**
     * The data rows to expect, for progress: from the sheet's dimension when it names its last row
     * (an upper bound: the hint, example and empty rows are in it), else {@link #countRows()}.
     */
    @Override
    public int expectedRows() {
        int last = scan().lastRow();
        return last > headerRow ? last - headerRow : countRows();
    }

    /**
     * Streams the data rows after sheet row {@code afterRow} (0 = from the first), in order. A cell under
     * a merged region's top row takes the top-left value (a clerk merges 工作单位 over one employer's rows).
     */
    @Override
    public void forEachRow(int afterRow, Consumer<SheetRow> action) {
        pass(afterRow, scan().merges(), action);
    }

    private SheetScan.Result scan() {
        if (scan == null) {
            try (InputStream sheet = reader.getSheet(sheetId)) {
                scan = SheetScan.of(sheet);
            } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
                throw FileRefusal.DAMAGED.problem();
            }
        }
        return scan;
    }

    /** One pass, filling the cells under the regions {@code fill}. */
    private void pass(int afterRow, List<SheetScan.Merge> regions, Consumer<SheetRow> action) {
        List<SheetColumn> columns = kind.columns();
        int from = Math.max(afterRow, headerRow);
        // Only regions over a template column matter; Excel never overlaps two, so at most one per column is kept
        // and the regions over a row are never more than the template's columns.
        List<SheetScan.Merge> fill = regions.stream()
                .filter(m -> m.column() < templateColumnOf.length && templateColumnOf[m.column()] >= 0)
                .sorted(java.util.Comparator.comparingInt(SheetScan.Merge::firstRow)).toList();
        Cell[] tops = new Cell[fill.size()];
        List<Integer> active = new java.util.ArrayList<>(); // the regions over the current row
        int[] next = {0};
        parse((row, sheetColumns, cells, count) -> {
            if (row <= headerRow) {
                return;
            }
            active.removeIf(m -> fill.get(m).lastRow() < row);
            while (next[0] < fill.size() && fill.get(next[0]).firstRow() <= row) {
                int m = next[0]++;
                if (active.stream().noneMatch(a -> fill.get(a).column() == fill.get(m).column())) {
                    active.add(m);
                }
            }
            Cell[] mapped = new Cell[columns.size()];
            boolean any = false;
            for (int i = 0; i < count; i++) {
                int c = sheetColumns[i];
                for (int m : active) {
                    if (fill.get(m).firstRow() == row && fill.get(m).column() == c) {
                        tops[m] = cells[i];
                    }
                }
                if (c < templateColumnOf.length && templateColumnOf[c] >= 0) {
                    mapped[templateColumnOf[c]] = cells[i];
                    any = true;
                }
            }
            List<Cell> list = Arrays.asList(mapped);
            if (row <= from || !any || TemplateRows.isHintRow(columns, list)
                    || TemplateRows.isExampleRow(columns, present, list)) {
                return;
            }
            for (int m : active) {
                int c = fill.get(m).column();
                if (row > fill.get(m).firstRow() && mapped[templateColumnOf[c]] == null) {
                    mapped[templateColumnOf[c]] = tops[m];
                }
            }
            action.accept(new SheetRow(row, Collections.unmodifiableList(list)));
        });
    }

    @Override
    public void close() {
        pkg.revert(); // closes the zip source, which deletes its temp files
    }

    private static ImportSheet openXlsx(InputStream in, ImportKind kind) {
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(in);
            XSSFReader reader = new XSSFReader(pkg);
            PackagePart workbook = pkg.getPart(pkg.getRelationshipsByType(
                    org.apache.poi.openxml4j.opc.PackageRelationshipTypes.CORE_DOCUMENT).getRelationship(0));
            if (workbook == null || !WORKBOOK_TYPES.contains(workbook.getContentType())) {
                throw FileRefusal.NOT_XLSX.problem();
            }
            WorkbookXml book = WorkbookXml.read(reader.getWorkbookData());
            WorkbookXml.Sheet sheet = book.choose(kind.sheet()).orElseThrow(FileRefusal.NO_SHEET::problem);
            for (PackagePart styles : pkg.getPartsByContentType(XSSFRelation.STYLES.getContentType())) {
                if (styles.getSize() > PoiLimits.MAX_STYLES_BYTES) {
                    throw FileRefusal.TOO_LARGE.problem(); // POI would read it whole into a DOM
                }
            }
            ImportSheet opened = new ImportSheet(kind, pkg, reader, sheet.relationshipId(), book.date1904(),
                    SharedStringsXml.read(pkg), reader.getStylesTable());
            opened.readHeader();
            return opened;
        } catch (RegistryProblem | InvalidInputException e) {
            revert(pkg);
            throw e;
        } catch (Exception e) {
            revert(pkg);
            throw FileRefusal.of(e).problem();
        }
    }

    private void readHeader() {
        try {
            parse((row, columns, cells, count) -> {
                int[] map = SheetHeader.match(kind, row, columns, cells, count);
                headerRow = row;
                templateColumnOf = map;
                for (int t : map) {
                    if (t >= 0) {
                        present[t] = true;
                    }
                }
                throw Stop.INSTANCE;
            });
        } catch (Stop stopped) {
            return;
        }
        throw FileRefusal.NO_HEADER.problem();
    }

    private void parse(SheetXml.Rows rows) {
        try (InputStream sheet = reader.getSheet(sheetId)) {
            XMLReader xml = SaxReaders.newReader();
            xml.setContentHandler(new SheetXml(strings, styles, date1904, rows));
            xml.parse(new InputSource(sheet));
        } catch (SAXException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // our own (a refusal, the header's early stop, the caller's)
            }
            throw FileRefusal.DAMAGED.problem();
        } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException
                 | javax.xml.parsers.ParserConfigurationException e) {
            throw FileRefusal.DAMAGED.problem();
        }
    }

    /** An OLE2 container is either an encrypted .xlsx (it holds EncryptionInfo) or an old .xls. */
    private static RegistryProblem ole2(InputStream in) {
        try (POIFSFileSystem fs = new POIFSFileSystem(in)) {
            return (fs.getRoot().hasEntry("EncryptionInfo") ? FileRefusal.ENCRYPTED : FileRefusal.XLS).problem();
        } catch (IOException | RuntimeException e) {
            return FileRefusal.NOT_XLSX.problem();
        }
    }

    private static void revert(OPCPackage pkg) {
        if (pkg != null) {
            pkg.revert();
        }
    }

    /** Ends the header's pass after the first row without a stack trace. */
    private static final class Stop extends RuntimeException {
        static final Stop INSTANCE = new Stop();

        private Stop() {
            super(null, null, false, false);
        }
    }
}
