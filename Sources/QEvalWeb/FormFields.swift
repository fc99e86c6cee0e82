import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The fields of a posted form, from either encoding a browser sends: `application/x-www-form-urlencoded`
/// (plain forms) or `multipart/form-data` (the upload).
struct FormFields: Sendable {
    /// Text fields by name (the last one wins).
    var values: [String: String] = [:]
    /// The uploaded files, in the order sent: their bytes and the names the browser gave (for messages only).
    var files: [(name: String, bytes: [UInt8])] = []
    /// The first uploaded file, if any.
    var file: (name: String, bytes: [UInt8])? { files.first }

    subscript(_ name: String) -> String? { values[name] }

    /// Reads a posted body of content type `type` (collected, within its limit, by `BodyCheck`).
    static func read(type: String?, body: ByteBuffer) throws -> FormFields {
        let type = type ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MediaType(from: type)?.parameter?.value, isValidBoundary(boundary) else {
                throw WebError(.badRequest, WebMessage.badBoundary)
            }
            return try multipart(body, boundary: boundary)
        }
        let text = String(buffer: body)
        let decoded = (try? URLEncodedFormDecoder().decode([String: String].self, from: text)) ?? [:]
        return FormFields(values: decoded)
    }

    /// RFC 2046 §5.1.1: 1 to 70 characters from `bchars`, not ending in a space. The multipart parser
    /// traps on an empty one, so this is checked before it is made.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        let bytes = Array(boundary.utf8)
        return (1...70).contains(bytes.count) && bytes.allSatisfy(allowed.contains) && bytes.last != 0x20
    }

    static func multipart(_ buffer: ByteBuffer, boundary: String) throws -> FormFields {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var body = ByteBuffer()
        parser.onHeader = { field, value in headers.replaceOrAdd(name: field, value: value) }
        parser.onBody = { new in body.writeBuffer(&new) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: body))
            headers = [:]
            body = ByteBuffer()
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw WebError(.badRequest, WebMessage.badRequest)
        }
        var fields = FormFields()
        for part in parts {
            guard let name = part.name else { continue }
            let disposition = part.headers.first(name: "Content-Disposition") ?? ""
            if let fileName = Self.parameter("filename", in: disposition) {
                // An empty file input still sends a part with filename="".
                if !fileName.isEmpty || part.body.readableBytes > 0 {
                    fields.files.append((fileName, Array(part.body.readableBytesView)))
                }
            } else {
                fields.values[name] = String(buffer: part.body)
            }
        }
        return fields
    }

    /// `filename="…"` from a Content-Disposition header.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// A name a browser sent for display: its last path component, control characters dropped, at most 120
    /// characters. It is shown and stored as text and never used as a path.
    static func displayName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        let trimmed = clean.trimmingCharacters(in: .whitespaces)
        // "." and ".." name folders, not files: a download named after them would resolve to the server's.
        if trimmed.allSatisfy({ $0 == "." }) { return "" }
        return String(trimmed.prefix(120))
    }
}
