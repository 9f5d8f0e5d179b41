package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.problem.RegistryProblem;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.util.RecordFormatException;

/** Why an upload cannot be read as an .xlsx, each with the clerk's next step: one 400 problem type, one message per cause. */
enum FileRefusal {
    EMPTY("文件是空的：请选择填好的 .xlsx 文件", "the file is empty: choose the filled-in .xlsx file"),
    XLS("这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再上传",
            "this is an old Excel (.xls) file: save it as .xlsx and upload again"),
    ENCRYPTED("工作簿设有打开密码：请去掉密码另存后再上传",
            "the workbook is password-protected: save it without a password and upload again"),
    NOT_XLSX("不是 .xlsx 表格文件（如 CSV、文本或其他文件）：请用下载的模板填写后上传",
            "not an .xlsx spreadsheet (CSV, text or another kind of file): fill in the downloaded template"),
    DAMAGED("文件已损坏或压缩比异常，无法读取：请重新保存后再上传",
            "the file is damaged or too compressed to read: save it again and upload"),
    NO_SHEET("工作簿中没有可读取的工作表", "the workbook has no sheet to read"),
    NO_HEADER("工作表是空的：没有表头行", "the sheet is empty: it has no header row"),
    TOO_LARGE("表格超出导入的限度（单元格文字超过 32767 字、文字或样式总量过大，或文件中的部件过多）：请去掉多余内容或拆成几个文件",
            "the workbook exceeds the import's bounds (a cell over 32,767 characters, too much text or styling, "
                    + "or too many parts): remove what is not needed or split the file");

    private final String zh;
    private final String en;

    FileRefusal(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    RegistryProblem problem() {
        return new RegistryProblem(RegistryProblem.Kind.UNREADABLE_FILE, zh, en);
    }

    /** What POI's failure to open a zip means: no workbook inside, or a damaged or bomb-like archive. */
    static FileRefusal of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordFormatException || String.valueOf(t.getMessage()).contains("Zip bomb")) {
                return DAMAGED;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotOfficeXmlFileException || t instanceof OLE2NotOfficeXmlFileException
                    || t instanceof org.apache.poi.ooxml.POIXMLException
                    || t instanceof org.apache.poi.openxml4j.exceptions.InvalidFormatException) {
                return NOT_XLSX;
            }
        }
        return DAMAGED;
    }
}
