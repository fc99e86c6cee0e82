import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The fields of a posted form, from either encoding a browser sends: `application/x-www-form-urlencoded`
/// (plain forms) or `multipart/form-data` (the upload).
struct FormFields: Sendable {
    /// Text fields by name (the last one wins).
    var values: [String: String] = [:]
    /// The uploaded file, if any: its bytes and the name the browser gave (for messages only).
    var file: (name: String, bytes: [UInt8])?

    subscript(_ name: String) -> String? { values[name] }

    /// Reads the body of `request` (already collected by `CSRFCheck`).
    static func read(_ request: Request, body: ByteBuffer) throws -> FormFields {
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MediaType(from: type)?.parameter?.value else {
                throw WebError(.badRequest, WebMessage.badRequest)
            }
            return try multipart(body, boundary: boundary)
        }
        let text = String(buffer: body)
        let decoded = (try? URLEncodedFormDecoder().decode([String: String].self, from: text)) ?? [:]
        return FormFields(values: decoded, file: nil)
    }

    /// One field, for the CSRF check; nil when the body has none or cannot be read.
    static func field(_ name: String, in body: ByteBuffer, request: Request) -> String? {
        (try? read(request, body: body))?[name]
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
                    fields.file = (fileName, Array(part.body.readableBytesView))
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
        return String(trimmed.prefix(120))
    }
}
