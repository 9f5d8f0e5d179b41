package cn.unioncard.registry.command.imports;

import org.apache.poi.openxml4j.util.ZipArchiveFakeEntry;
import org.apache.poi.openxml4j.util.ZipInputStreamZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.util.IOUtils;

/**
 * POI's zip-bomb and size limits, written in one place because POI keeps them in static fields
 * (one setting for the whole JVM): an upload can neither inflate past them nor sit unzipped in the heap.
 */
final class PoiLimits {

    /** Entries above 1 MB unzipped (the sheet, the shared strings) go to AES-encrypted temp files. */
    static final int TEMP_FILE_THRESHOLD = 1 << 20;
    /**
     * The largest unzipped entry: a 20 MB upload's sheet is ~8–15× larger (a 100,000-member sheet
     * is ~100 MB); beyond this a file is refused as damaged or too compressed.
     */
    static final int MAX_ENTRY_BYTES = 400_000_000;
    /**
     * The least compressed/unzipped ratio: real sheets stay above 0.02; a zip bomb's repeated text
     * is near 0.001. POI's default is 0.01; a little lower so a sheet of many identical rows passes.
     */
    static final double MIN_INFLATE_RATIO = 0.005;
    /** The most text POI extracts from one file (characters): POI's default, written here to be seen. */
    static final long MAX_TEXT_CHARS = 10_485_760L;

    /** Zip entries: a workbook from Excel, WPS or LibreOffice has a few dozen. */
    static final long MAX_ENTRIES = 500;
    /** All shared strings together (characters): about 100 MB of heap at most, for files up to the upload limit. */
    static final long MAX_SHARED_TEXT = 50_000_000L;
    /** The styles part, which POI reads whole into a DOM: real ones are well under a megabyte. */
    static final long MAX_STYLES_BYTES = 16_000_000L;

    static {
        ZipSecureFile.setMaxFileCount(MAX_ENTRIES);
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        ZipSecureFile.setMaxTextSize(MAX_TEXT_CHARS);
        ZipArchiveFakeEntry.setMaxEntrySize(MAX_ENTRY_BYTES);
        // POI caps an entry at min(its own limit, this override): the same figure, so neither is a surprise.
        IOUtils.setByteArrayMaxOverride(MAX_ENTRY_BYTES);
        ZipInputStreamZipEntrySource.setThresholdBytesForTempFiles(TEMP_FILE_THRESHOLD);
        ZipInputStreamZipEntrySource.setEncryptTempFiles(true);
    }

    private PoiLimits() {
    }

    /** Loads the class, which applies the limits once; call before POI opens an upload. */
    static void apply() {
        // the static initialiser did the work
    }
}
