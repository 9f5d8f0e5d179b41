package cn.unioncard.registry.command.imports;

import org.springframework.web.multipart.MultipartFile;

/** The uploaded file's name as recorded in the job: no path, no control characters, not too long. */
final class FileNames {

    static final int MAX = 120;

    private FileNames() {
    }

    static String shown(MultipartFile file) {
        String name = file.getOriginalFilename();
        if (name == null || name.isBlank()) {
            return "upload.xlsx";
        }
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String clean = name.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.isEmpty()) {
            return "upload.xlsx";
        }
        return clean.length() > MAX ? clean.substring(0, MAX) : clean;
    }
}
