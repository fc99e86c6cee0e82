import QEvalSupport

/// Recognises a workbook by its first bytes, and refuses the ones this tool cannot read with the way out:
/// an old binary workbook (.xls, WPS .et), one protected by a password (Office encrypts the whole file into
/// the same binary container), an OpenDocument spreadsheet (.ods). An .xlsx is a ZIP archive.
public enum WorkbookFormat {
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let emptyZip: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    /// Microsoft's Compound File Binary header: .xls, .et, .doc, and encrypted Office files.
    static let compoundFile: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Whether `bytes` look like a workbook of any kind (and so are not to be read as CSV text).
    public static func isWorkbook(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: zip) || bytes.starts(with: emptyZip) || bytes.starts(with: compoundFile)
    }

    /// A file named as a workbook (.xlsx, .xlsm) that is not one — a text file renamed — is refused as what
    /// it is, not read as a CSV and refused for its header.
    public static func checkNamed(_ bytes: [UInt8], file: String) throws(InputError) {
        let lower = file.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { try check(bytes, file: file) }
    }

    /// Throws the located refusal for a workbook that is not an .xlsx this tool reads.
    static func check(_ bytes: [UInt8], file: String) throws(InputError) {
        if bytes.starts(with: compoundFile) {
            // An encrypted OOXML file is a compound file with an "EncryptionInfo" stream (its directory
            // entry's name in UTF-16LE); anything else in that container is the old binary format.
            let name = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            if contains(bytes, name) { throw InputError(file: file, WorkbookMessage.encrypted) }
            throw InputError(file: file, WorkbookMessage.legacyExcel)
        }
        guard bytes.starts(with: zip) || bytes.starts(with: emptyZip) else {
            throw InputError(file: file, WorkbookMessage.notAWorkbook)
        }
        // OpenDocument puts an uncompressed "mimetype" entry first: its text is near the start of the file.
        if contains(bytes.prefix(200), Array("application/vnd.oasis.opendocument".utf8)) {
            throw InputError(file: file, WorkbookMessage.openDocument)
        }
    }

    static func contains(_ haystack: some Collection<UInt8>, _ needle: [UInt8]) -> Bool {
        let bytes = Array(haystack)
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
