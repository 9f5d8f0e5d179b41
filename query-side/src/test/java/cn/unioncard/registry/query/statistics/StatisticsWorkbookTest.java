package cn.unioncard.registry.query.statistics;

import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics workbook: a sheet per table with the model's figures, and the progress chart per child union. */
class StatisticsWorkbookTest {

    static byte[] storyWorkbook() {
        StatisticsModel model = new StatisticsModel();
        StatisticsEvents.story().forEach(model::apply);
        return StatisticsWorkbook.of(model.statistics(StatisticsEvents.D1, 2026, null));
    }

    @Test
    void every_table_has_its_sheet_with_a_row_per_child_union_and_the_total() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(storyWorkbook()))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("办卡进度", "卡类型", "文化程度", "职业", "政治面貌", "民族", "性别", "年龄段",
                    "农村户籍", "劳务派遣", "劳动合同", "基层工会数据");
            XSSFSheet progress = wb.getSheet("办卡进度");
            assertThat(progress.getRow(1).getCell(0).getStringCellValue()).isEqualTo("乙工会");
            assertThat(progress.getRow(2).getCell(0).getStringCellValue()).isEqualTo("甲工会");
            assertThat(progress.getRow(3).getCell(0).getStringCellValue()).startsWith("合计");
            assertThat(progress.getRow(3).getCell(2).getNumericCellValue()).isEqualTo(5);
            assertThat(wb.getSheet("性别").getRow(2).getCell(1).getStringCellValue()).isEqualTo("<5");
        }
    }

    @Test
    void the_progress_sheet_charts_each_child_unions_steps_as_bars() throws IOException {
        byte[] bytes = storyWorkbook();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            List<XSSFChart> charts = wb.getSheet("办卡进度").getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(1);
            assertThat(charts.get(0).getChartSeries()).hasSize(1);
            assertThat(charts.get(0).getChartSeries().get(0).getSeriesCount()).isEqualTo(8);
        }
        Path out = Path.of("target", "statistics-sample.xlsx");
        Files.createDirectories(out.getParent());
        Files.write(out, bytes);
    }

    /** Where LibreOffice is installed: it opens the workbook and prints it, chart included, to PDF. */
    @Test
    void libre_office_prints_the_workbook() throws Exception {
        Path soffice = Path.of("/usr/bin/soffice");
        Assumptions.assumeTrue(Files.isExecutable(soffice), "LibreOffice is not installed");
        Path dir = Files.createTempDirectory("statistics-lo");
        Path xlsx = dir.resolve("statistics.xlsx");
        Files.write(xlsx, storyWorkbook());
        Process p = new ProcessBuilder(soffice.toString(), "--headless",
                "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--convert-to", "pdf",
                "--outdir", dir.toString(), xlsx.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("soffice.log").toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        Path pdf = dir.resolve("statistics.pdf");
        assertThat(pdf).exists();
        assertThat(Files.size(pdf)).isGreaterThan(10_000);
    }
}
