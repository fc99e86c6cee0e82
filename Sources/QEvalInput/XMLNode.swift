import Foundation
import QEvalSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small XML tree from Foundation's `XMLParser` (the small parts of a workbook: its list of sheets, relationships, styles). Element names lose their
/// namespace prefix ("x:c" → "c"), as some writers use a prefixed SpreadsheetML namespace.
final class XMLNode {
    /// "x:c" → "c".
    static func local(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    let name: String
    var attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func first(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    func all(_ name: String) -> [XMLNode] {
        var found: [XMLNode] = []
        func visit(_ node: XMLNode) {
            for child in node.children {
                if child.name == name { found.append(child) }
                visit(child)
            }
        }
        visit(self)
        return found
    }

    /// The text of the `t` elements inside, leaving out phonetic runs (`rPh`).
    var plainText: String {
        if name == "rPh" { return "" }
        if name == "t" { return text }
        return children.map(\.plainText).joined()
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = [XMLNode(name: "", attributes: [:])]

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = XMLNode(name: XMLNode.local(elementName), attributes: attributes)
            stack.last!.children.append(node)
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if stack.count > 1 { stack.removeLast() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
    }

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> XMLNode {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse() else {
            throw InputError(file: file, WorkbookMessage.badXML(part: part, line: max(1, parser.lineNumber)))
        }
        return builder.stack[0]
    }
}
