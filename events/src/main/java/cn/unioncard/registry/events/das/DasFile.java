package cn.unioncard.registry.events.das;

import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The registry's offline report file (.das, see docs/das-format.md): a ZIP of exactly {@code manifest.json},
 * {@code members.jsonl} and {@code signature} (Ed25519 over the manifest's bytes, base64). Plain Java, so the
 * command-line tool and the import read and write it the same way.
 */
public final class DasFile {

    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String MEMBERS = "members.jsonl";
    public static final String SIGNATURE = "signature";
    static final Set<String> ENTRIES = Set.of(MANIFEST, MEMBERS, SIGNATURE);
    /** Inflated bytes one entry may hold: the members of 5,000 rows fit many times over; the others are small. */
    public static final long MAX_MEMBERS_BYTES = 32L * 1024 * 1024;
    static final long MAX_SMALL_ENTRY_BYTES = 64 * 1024;
    private static final Set<String> FIELDS = MemberSheet.COLUMNS.stream().map(SheetColumn::field)
            .collect(Collectors.toUnmodifiableSet());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final DasManifest manifest;
    private final byte[] manifestBytes;
    private final byte[] signature;
    private final byte[] members;

    private DasFile(DasManifest manifest, byte[] manifestBytes, byte[] signature, byte[] members) {
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
        this.signature = signature;
        this.members = members;
    }

    public DasManifest manifest() {
        return manifest;
    }

    /**
     * The SHA-256 (hex) of the manifest's exact bytes: what the signature covers (key id, payload hash,
     * createdAt), so it names the report whatever ZIP wraps it (comment, entry times, compression).
     */
    public String manifestSha256() {
        return sha256(manifestBytes);
    }

    /** Writes a file signed with a union's key; answers its manifest. */
    public static DasManifest write(OutputStream out, String unionSystemCode, Instant createdAt, String keyId,
                                    PrivateKey key, List<DasMember> rows) throws IOException {
        return write(out, unionSystemCode, createdAt, new DasSigner() {
            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public byte[] sign(byte[] bytes) {
                return DasFile.sign(key, bytes);
            }
        }, rows);
    }

    /** Writes a file signed by {@code signer} (the registry's own key, whose private half it never shows). */
    public static DasManifest write(OutputStream out, String unionSystemCode, Instant createdAt, DasSigner signer,
                                    List<DasMember> rows) throws IOException {
        String keyId = signer.keyId();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (DasMember m : rows) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("row", m.row());
            line.put("authorisedOn", m.authorisedOn() == null ? null : m.authorisedOn().toString());
            for (SheetColumn c : MemberSheet.COLUMNS) {
                if (m.cells().get(c.field()) != null) {
                    line.put(c.field(), m.cells().get(c.field()));
                }
            }
            payload.write(JSON.writeValueAsBytes(line));
            payload.write('\n');
        }
        byte[] members = payload.toByteArray();
        DasManifest manifest = new DasManifest(FORMAT_VERSION, unionSystemCode, createdAt.toString(), rows.size(),
                sha256(members), keyId);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        byte[] signature = Base64.getEncoder().encode(signer.sign(manifestBytes));
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> e : List.of(Map.entry(MANIFEST, manifestBytes), Map.entry(MEMBERS, members),
                Map.entry(SIGNATURE, signature))) {
            zip.putNextEntry(new ZipEntry(e.getKey()));
            zip.write(e.getValue());
            zip.closeEntry();
        }
        zip.finish();
        return manifest;
    }

    /**
     * Opens a file and checks its structure and manifest (entries, sizes counted while inflating, format
     * version); the signature and the members are checked by {@link #verify} and {@link #members()}.
     */
    public static DasFile open(byte[] file) {
        if (file.length < 4 || file[0] != 'P' || file[1] != 'K' || file[2] != 3 || file[3] != 4 || !complete(file)) {
            throw DasRefusal.NOT_ZIP.problem();
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!ENTRIES.contains(e.getName())) {
                    throw DasRefusal.ENTRY_NAME.problem();
                }
                if (entries.containsKey(e.getName())) {
                    throw DasRefusal.DUPLICATE_ENTRY.problem();
                }
                byte[] bytes = inflate(zip, e.getName().equals(MEMBERS) ? MAX_MEMBERS_BYTES : MAX_SMALL_ENTRY_BYTES);
                entries.put(e.getName(), bytes);
            }
        } catch (ZipException | java.io.EOFException | IllegalArgumentException e) {
            throw DasRefusal.NOT_ZIP.problem();
        } catch (IOException e) {
            throw DasRefusal.NOT_ZIP.problem();
        }
        if (entries.size() != ENTRIES.size()) {
            throw DasRefusal.MISSING_ENTRY.problem();
        }
        byte[] manifestBytes = entries.get(MANIFEST);
        return new DasFile(manifest(manifestBytes), manifestBytes, entries.get(SIGNATURE), entries.get(MEMBERS));
    }

    /** Refuses the file unless its signature verifies with {@code key} (the key its manifest names). */
    public void verify(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(manifestBytes);
            if (!s.verify(Base64.getDecoder().decode(new String(signature, StandardCharsets.US_ASCII).trim()))) {
                throw DasRefusal.SIGNATURE.problem();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw DasRefusal.SIGNATURE.problem();
        }
    }

    /** The members, after checking the payload's hash, each line and the count against the manifest. */
    public List<DasMember> members() {
        if (!sha256(members).equalsIgnoreCase(manifest.payloadSha256())) {
            throw DasRefusal.PAYLOAD_HASH.problem();
        }
        if (manifest.memberCount() > SubmitBatch.MAX_MEMBERS) {
            throw DasRefusal.TOO_MANY_MEMBERS.problem();
        }
        List<DasMember> out = new ArrayList<>();
        for (String line : new String(members, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (out.size() >= SubmitBatch.MAX_MEMBERS) {
                throw DasRefusal.TOO_MANY_MEMBERS.problem();
            }
            out.add(member(line));
        }
        if (out.size() != manifest.memberCount()) {
            throw DasRefusal.MEMBER_COUNT.problem();
        }
        return List.copyOf(out);
    }

    /** The file's SHA-256 (hex), which names it (a file is imported once). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static DasMember member(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (!node.isObject() || !node.path("row").isInt()) {
                throw DasRefusal.MEMBER_LINE.problem();
            }
            Map<String, String> cells = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("row") || f.getKey().equals("authorisedOn")) {
                    continue;
                }
                if (!FIELDS.contains(f.getKey()) || !(f.getValue().isTextual() || f.getValue().isNull())) {
                    throw DasRefusal.MEMBER_LINE.problem();
                }
                if (f.getValue().isTextual()) {
                    cells.put(f.getKey(), f.getValue().asText());
                }
            }
            JsonNode on = node.path("authorisedOn");
            return new DasMember(node.get("row").asInt(), on.isTextual() ? LocalDate.parse(on.asText()) : null, cells);
        } catch (JsonProcessingException | java.time.DateTimeException e) {
            throw DasRefusal.MEMBER_LINE.problem();
        }
    }

    private static DasManifest manifest(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.path("formatVersion").isInt()) {
                throw DasRefusal.MANIFEST.problem();
            }
            if (node.get("formatVersion").asInt() != FORMAT_VERSION) {
                throw DasRefusal.FORMAT_VERSION.problem();
            }
            DasManifest m = JSON.treeToValue(node, DasManifest.class);
            if (m.unionSystemCode() == null || m.keyId() == null || m.payloadSha256() == null || m.memberCount() < 0) {
                throw DasRefusal.MANIFEST.problem();
            }
            return m;
        } catch (IOException e) {
            throw DasRefusal.MANIFEST.problem();
        }
    }

    /** Counts the bytes as they inflate: the header's declared size is not trusted. */
    private static byte[] inflate(ZipInputStream zip, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = zip.read(buffer)) > 0; ) {
            if (out.size() + (long) n > limit) {
                throw DasRefusal.TOO_LARGE.problem();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * A ZIP ends with its end-of-central-directory record (22 bytes plus a comment of up to 64 KiB): a file
     * cut short has none, even when its first entries are whole.
     */
    private static boolean complete(byte[] file) {
        for (int i = file.length - 22; i >= Math.max(0, file.length - 22 - 65535); i--) {
            if (file[i] == 'P' && file[i + 1] == 'K' && file[i + 2] == 5 && file[i + 3] == 6) {
                int comment = (file[i + 20] & 0xff) | (file[i + 21] & 0xff) << 8;
                return i + 22 + comment == file.length;
            }
        }
        return false;
    }

    private static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }
}
