import Hummingbird

/// The stylesheet and the one script, served by the binary itself (no CDN, nothing fetched at run time).
/// The script only sorts and filters tables, posts points for the live re-ranking and polls a robustness
/// run; texts it shows come from the page (data attributes), so the catalogue stays the only source.
struct Assets: Sendable {
    let css: String
    let js: String

    /// Read once when the server starts; a missing file stops the start with its name (never a blank page).
    init() throws {
        css = try Resource.text("assets/app.css")
        js = try Resource.text("assets/app.js")
    }

    static func response(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
