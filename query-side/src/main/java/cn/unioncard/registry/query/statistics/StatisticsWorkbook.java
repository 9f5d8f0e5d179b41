package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.query.template.Cells;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.PresetColor;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartLegend;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The statistics as a workbook: one sheet per table (a row per child union and the total), and on the
 * progress sheet a bar chart of each child union's progress (POI's XDDF charts, which LibreOffice draws).
 */
final class StatisticsWorkbook {

    private static final Map<String, String> PROGRESS = new LinkedHashMap<>();

    static {
        PROGRESS.put("registered", "在册会员");
        PROGRESS.put("authorised", "已授权");
        PROGRESS.put("submitted", "已上报");
        PROGRESS.put("approved", "已审核");
        PROGRESS.put("handedToBank", "已交银行");
        PROGRESS.put("issued", "已制卡");
        PROGRESS.put("handedOut", "已发放");
        PROGRESS.put("activated", "已启用");
        PROGRESS.put("withdrawn", "已退会");
        PROGRESS.put("erased", "已删除个人信息");
    }

    private static final PresetColor[] COLOURS = {PresetColor.GRAY, PresetColor.STEEL_BLUE, PresetColor.CORNFLOWER_BLUE,
            PresetColor.TEAL, PresetColor.SEA_GREEN, PresetColor.GOLDENROD, PresetColor.DARK_ORANGE, PresetColor.FIREBRICK};

    private StatisticsWorkbook() {
    }

    static byte[] of(Figures.Statistics s) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheets sheets = new Sheets(wb, s);
            XSSFSheet progress = sheets.table("办卡进度", r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("基层工会数", r.grassrootsUnions());
                PROGRESS.forEach((k, label) -> m.put(label, r.members().get(k)));
                return m;
            });
            chart(progress, s.rows().isEmpty() ? 1 : s.rows().size(), 1 + MemberFacts.FUNNEL.size() + 1);
            sheets.table("卡类型", r -> labelled(r.cardTypes(), Map.of("appliedDebit", "申请借记卡",
                    "appliedDebitCredit", "申请借贷合一卡", "issuedDebit", "已制借记卡", "issuedDebitCredit", "已制借贷合一卡",
                    "qualificationDeclined", "资格未通过")));
            sheets.table("文化程度", r -> codes(r.education(), s.labels().get("education")));
            sheets.table("职业", r -> codes(r.occupation(), s.labels().get("occupation")));
            sheets.table("政治面貌", r -> codes(r.politicalStatus(), s.labels().get("politicalStatus")));
            sheets.table("民族", r -> codes(r.ethnicGroup(), s.labels().get("ethnicGroup")));
            sheets.table("性别", r -> labelled(r.sex(), Map.of("male", "男", "female", "女", "unknown", "未知")));
            sheets.table("年龄段", r -> labelled(r.ageBand(), Map.of("unknown", "未知")));
            sheets.table("农村户籍", r -> labelled(r.ruralHousehold(), Map.of("yes", "是", "no", "否")));
            sheets.table("劳务派遣", r -> labelled(r.labourDispatch(), Map.of("yes", "是", "no", "否")));
            sheets.table("劳动合同", r -> labelled(r.labourContract(), Map.of("yes", "是", "no", "否")));
            sheets.table("基层工会数据", r -> labelled(r.unionFigures(), Map.of("staff", "职工人数", "members", "会员人数",
                    "migrantWorkers", "农民工人数", "dispatchedWorkers", "劳务派遣人数", "insured", "参保人数")));
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> labelled(Map<String, ?> values, Map<String, String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(labels.getOrDefault(k, k), v));
        return m;
    }

    private static Map<String, Object> codes(Map<String, ?> values, Map<String, String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k + " " + labels.getOrDefault(k, ""), v));
        return m;
    }

    /** A clustered bar chart of the progress columns (registered … activated) per row. */
    private static void chart(XSSFSheet sheet, int rows, int lastColumn) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, rows + 3, 9, rows + 26);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText("办卡进度");
        chart.setTitleOverlay(false);
        XDDFChartLegend legend = chart.getOrAddLegend();
        legend.setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFDataSource<String> unions = XDDFDataSourcesFactory.fromStringCellRange(sheet,
                new CellRangeAddress(1, rows, 0, 0));
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, bottom, left);
        data.setBarDirection(BarDirection.COL);
        data.setVaryColors(false);
        for (int column = 2; column <= lastColumn; column++) {
            XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                    new CellRangeAddress(1, rows, column, column));
            XDDFBarChartData.Series series = (XDDFBarChartData.Series) data.addSeries(unions, values);
            series.setTitle(sheet.getRow(0).getCell(column).getStringCellValue(),
                    new CellReference(sheet.getSheetName(), 0, column, true, true));
            // An explicit fill: without one LibreOffice draws the bars empty.
            series.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(COLOURS[(column - 2) % COLOURS.length])));
        }
        chart.plot(data);
    }

    /** Writes tables: a header of the union of all rows' columns, the child rows, then the total. */
    private static final class Sheets {
        private final XSSFWorkbook wb;
        private final Figures.Statistics s;
        private final Cells cells;
        private final CellStyle bold;

        Sheets(XSSFWorkbook wb, Figures.Statistics s) {
            this.wb = wb;
            this.s = s;
            this.cells = new Cells(wb);
            Font font = wb.createFont();
            font.setBold(true);
            this.bold = wb.createCellStyle();
            this.bold.setFont(font);
        }

        XSSFSheet table(String name, Function<Figures.Row, Map<String, Object>> columns) {
            XSSFSheet sheet = wb.createSheet(name);
            List<Figures.Row> rows = new ArrayList<>(s.rows());
            rows.add(s.total());
            List<Map<String, Object>> values = rows.stream().map(columns).toList();
            List<String> headers = new ArrayList<>(values.get(values.size() - 1).keySet());
            new TreeSet<>(values.stream().flatMap(v -> v.keySet().stream()).toList()).forEach(h -> {
                if (!headers.contains(h)) {
                    headers.add(h);
                }
            });
            Row header = sheet.createRow(0);
            cells.text(header, 0, "工会", bold);
            for (int i = 0; i < headers.size(); i++) {
                cells.text(header, i + 1, headers.get(i), bold);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                Figures.Row figures = rows.get(r);
                boolean total = r == rows.size() - 1;
                cells.text(row, 0, total ? "合计（" + nameOf(figures) + "）" : nameOf(figures), total ? bold : null);
                for (int i = 0; i < headers.size(); i++) {
                    Object v = values.get(r).get(headers.get(i));
                    if (v instanceof Number n) {
                        row.createCell(i + 1).setCellValue(n.doubleValue());
                    } else if (v != null) {
                        cells.text(row, i + 1, v.toString(), null);
                    } else {
                        row.createCell(i + 1).setCellValue(0);
                    }
                }
            }
            sheet.setColumnWidth(0, 30 * 256);
            // Printed on landscape pages one table wide, the chart with it.
            sheet.getPrintSetup().setLandscape(true);
            sheet.setFitToPage(true);
            sheet.getPrintSetup().setFitWidth((short) 1);
            sheet.getPrintSetup().setFitHeight((short) 0);
            return sheet;
        }

        private static String nameOf(Figures.Row r) {
            return r.unionName() == null ? r.unionId() : r.unionName();
        }
    }
}
