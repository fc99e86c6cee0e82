import Foundation
import QEval

/// The pages' Mustache templates, resource files of this target (`Resources/templates/*.mustache`), read once
/// when the server starts. Texts are `{{t.<WebText case>}}`; `{{…}}` escapes, `{{{…}}}` is used only for
/// markup this server made (the page body, SVG charts that escape their own texts); `{{> pointsChooser}}`
/// is a partial.
enum Templates {
    static let names = [
        "layout", "error", "home", "refused", "pointsChooser", "ranking", "county", "weights", "compare", "findings",
        "robustness", "audit", "login", "admin", "account", "panel", "score",
    ]

    /// Every template by name, read from the target's resources.
    static func all() throws -> [String: String] {
        var templates: [String: String] = [:]
        for name in names { templates[name] = try Resource.text("templates/\(name).mustache") }
        return templates
    }
}

/// A resource file of the web target (`Sources/QEvalWeb/Resources`), shipped beside the binary as
/// SwiftPM's resource bundle.
enum Resource {
    static func text(_ path: String) throws(Failure) -> String {
        // `.copy("Resources")` keeps the folder inside the bundle; Foundation on Linux names the bundle's own
        // folder as its resource folder, Apple's its Contents/Resources: the file is looked for under both.
        let bundle = Bundle.module
        let candidates = [bundle.bundleURL, bundle.resourceURL].compactMap { $0 }.map {
            $0.appendingPathComponent("Resources").appendingPathComponent(path)
        }
        guard let data = candidates.lazy.compactMap({ FileManager.default.contents(atPath: $0.path) }).first else {
            throw Failure(WebMessage.resourceMissing(path))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
