package cn.unioncard.registry.query.template;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The printable 附件1 / 附件2: one A4 portrait page, the seed's labels and options, boxed answers. */
class PrintedFormsTest {

    private final DataFormatter formatter = new DataFormatter();

    @Test
    void both_forms_print_on_one_a4_portrait_page() throws IOException {
        for (Template t : new Template[] {Template.MEMBER_FORM, Template.UNION_FORM}) {
            try (XSSFWorkbook workbook = ImportTemplateTest.read(t.builder.get())) {
                assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
                XSSFSheet sheet = workbook.getSheetAt(0);
                PrintSetup print = sheet.getPrintSetup();
                assertThat(print.getPaperSize()).as(t.name()).isEqualTo(PrintSetup.A4_PAPERSIZE);
                assertThat(print.getLandscape()).isFalse();
                assertThat(sheet.getFitToPage()).isTrue();
                assertThat(print.getFitWidth()).isEqualTo((short) 1);
                assertThat(print.getFitHeight()).isEqualTo((short) 1);
                assertThat(workbook.getPrintArea(0)).isNotNull();
            }
        }
    }

    @Test
    void the_member_form_prints_the_seeds_fields_options_and_instructions() throws IOException {
        String text = text(Template.MEMBER_FORM);
        assertThat(text).contains("工 会 会 员 信 息 采 集 表", "1、身份证　　2、其他", "2、长期", "2、未参加",
                "﹡9、职称/技术等级", "20、办工会卡类型", "1、借记卡　　2、借贷合一卡", "带“﹡”为非必填项",
                "3、高中、技校", "授权单位代申领工会卡");
    }

    @Test
    void the_member_form_has_eighteen_boxed_cells_for_the_id_number() throws IOException {
        try (XSSFWorkbook workbook = ImportTemplateTest.read(Template.MEMBER_FORM.builder.get())) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            Row id = null;
            for (Row row : sheet) {
                if ("3、证件号".equals(formatter.formatCellValue(row.getCell(0)))) {
                    id = row;
                }
            }
            assertThat(id).isNotNull();
            int boxes = 0;
            for (int c = 7; c < 25; c++) {
                var style = id.getCell(c).getCellStyle();
                if (style.getBorderLeft() != org.apache.poi.ss.usermodel.BorderStyle.NONE
                        && style.getBorderRight() != org.apache.poi.ss.usermodel.BorderStyle.NONE) {
                    boxes++;
                }
            }
            assertThat(boxes).isEqualTo(18);
            assertThat(sheet.getMergedRegions()).noneMatch(r -> r.getFirstRow() == 4 && r.getFirstColumn() >= 7
                    && r.getLastColumn() < 25);
        }
    }

    @Test
    void the_union_form_prints_the_seeds_fields_and_both_code_lists() throws IOException {
        String text = text(Template.UNION_FORM);
        assertThat(text).contains("基 层 工 会 信 息 采 集 表", "﹡工会名称（盖章）", "﹡所在单位（或单位主体）的国民经济行业分类代码",
                "是否参加市总工会的职工医疗互助保障", "带“﹡”为必填项", "20、国际组织", "12、其他", "﹡填表人联系电话");
    }

    private String text(Template template) throws IOException {
        StringBuilder out = new StringBuilder();
        try (XSSFWorkbook workbook = ImportTemplateTest.read(template.builder.get())) {
            for (Row row : workbook.getSheetAt(0)) {
                row.forEach(c -> out.append(formatter.formatCellValue(c)).append('\n'));
            }
        }
        return out.toString();
    }
}
