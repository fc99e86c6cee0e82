import Foundation
import QEvalInput
import QEvalSupport
import ZIPFoundation

/// A .zip of returned forms (as a county office or a reviewer packs them): its .xlsx and .csv files, read
/// in memory with every size capped, so one upload can carry a whole city's forms.
public enum FormArchive {
    /// Files in one archive, and bytes inflated in all: a province has 136 units; a form is a few hundred KB.
    static let maxFiles = 1_000
    static let maxBytes = 200 * 1024 * 1024

    /// Whether `file` is a ZIP archive of files rather than an .xlsx workbook (which is a ZIP too).
    public static func isArchive(_ file: FormCollector.FormFile) -> Bool {
        guard file.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || file.bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            return false
        }
        if file.name.lowercased().hasSuffix(".zip") { return true }
        do {
            let archive = try Archive(data: Data(file.bytes), accessMode: .read, pathEncoding: nil)
            return archive["[Content_Types].xml"] == nil && archive["mimetype"] == nil
        } catch {
            return false
        }
    }

    /// The forms inside, named "archive.zip/folder/历城区.xlsx", in name order; folders, hidden files, Office's
    /// "~$" lock files and macOS's "__MACOSX" copies left out.
    public static func unpack(_ file: FormCollector.FormFile) throws(InputError) -> [FormCollector.FormFile] {
        let archive: Archive
        do {
            archive = try Archive(data: Data(file.bytes), accessMode: .read)
        } catch {
            throw InputError(file: file.name, WorkbookMessage.truncatedWorkbook)
        }
        var found: [FormCollector.FormFile] = []
        var total = 0
        var count = 0
        for entry in archive where entry.type == .file {
            count += 1
            if count > maxFiles { throw InputError(file: file.name, WorkbookMessage.tooManyEntries(limit: maxFiles)) }
            let path = name(of: entry)
            let base = (path as NSString).lastPathComponent
            let lower = base.lowercased()
            guard !path.hasPrefix("__MACOSX/"), !base.hasPrefix("."), !base.hasPrefix("~$"),
                lower.hasSuffix(".xlsx") || lower.hasSuffix(".csv")
            else { continue }
            if total + Int(entry.uncompressedSize) > maxBytes {
                throw InputError(file: file.name, WorkbookMessage.workbookTooLarge(limitMiB: maxBytes / 1024 / 1024))
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    if data.count > Int(entry.uncompressedSize) || total + data.count > maxBytes { throw TooLarge() }
                }
            } catch is TooLarge {
                throw InputError(file: file.name, WorkbookMessage.workbookTooLarge(limitMiB: maxBytes / 1024 / 1024))
            } catch {
                throw InputError(file: "\(file.name)/\(path)", WorkbookMessage.truncatedWorkbook)
            }
            total += data.count
            found.append(FormCollector.FormFile(name: "\(file.name)/\(path)", bytes: [UInt8](data)))
        }
        if found.isEmpty { throw InputError(file: file.name, FormsMessage.noFormsInFolder) }
        return found.sorted { $0.name < $1.name }
    }

    private struct TooLarge: Error {}

    /// Several uploaded files kept as one .zip (names as given, UTF-8), so an evaluation is one stored file.
    public static func pack(_ files: [FormCollector.FormFile]) throws(InputError) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            var used: Set<String> = []
            for (i, file) in files.enumerated() {
                var name = (file.name as NSString).lastPathComponent
                if name.isEmpty || used.contains(name) { name = "\(i + 1)-\(name)" }
                used.insert(name)
                let data = Data(file.bytes)
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                    provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
            }
            guard let data = archive.data else { throw InputError(WorkbookMessage.truncatedWorkbook) }
            return [UInt8](data)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(WorkbookMessage.truncatedWorkbook)
        }
    }

    /// The entry's name: UTF-8 when the archive says so or the bytes are UTF-8, else GB18030 — what the
    /// "compressed folder" of Chinese Windows writes.
    static func name(of entry: Entry) -> String {
        let utf8 = entry.path(using: .utf8)  // empty when the bytes are not UTF-8
        if !utf8.isEmpty { return utf8 }
        // Latin-1 maps each byte to one scalar, so the name's bytes come back unchanged.
        let bytes = entry.path(using: .isoLatin1).unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        return TextDecoder.gb18030(bytes) ?? entry.path
    }
}
