import Foundation

/// Charts drawn on the server as SVG (nothing fetched, nothing run in the browser). Every text placed in
/// a chart is escaped here, since the chart is inserted into the page as markup.
enum Charts {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Rank under A (x) against rank under B (y): points off the diagonal moved; the recognition line is
    /// drawn on both axes.
    static func rankScatter(_ points: [(Int, Int, Bool)], labelA: String, labelB: String, line: Int) -> String {
        let size = 420.0
        let pad = 48.0
        let n = Double(max(points.map { max($0.0, $0.1) }.max() ?? 1, 1))
        func x(_ r: Int) -> Double { pad + (Double(r) - 1) / max(n - 1, 1) * (size - 2 * pad) }
        func y(_ r: Int) -> Double { pad + (Double(r) - 1) / max(n - 1, 1) * (size - 2 * pad) }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(size)) \(Int(size))" width="\(Int(size))" height="\(Int(size))" role="img" aria-label="\(escape(labelA)) / \(escape(labelB))">
            <rect x="\(pad)" y="\(pad)" width="\(size - 2 * pad)" height="\(size - 2 * pad)" class="frame"/>
            <line x1="\(x(1))" y1="\(y(1))" x2="\(x(Int(n)))" y2="\(y(Int(n)))" class="diagonal"/>

            """
        if line > 0 && Double(line) < n {
            let l = (x(line) + x(line + 1)) / 2
            svg += "<line x1=\"\(f(l))\" y1=\"\(pad)\" x2=\"\(f(l))\" y2=\"\(size - pad)\" class=\"cut\"/>"
            svg += "<line x1=\"\(pad)\" y1=\"\(f(l))\" x2=\"\(size - pad)\" y2=\"\(f(l))\" class=\"cut\"/>\n"
        }
        for (a, b, hot) in points {
            let cls = a == b ? "dot same" : hot ? "dot hot" : "dot"
            svg += "<circle cx=\"\(f(x(a)))\" cy=\"\(f(y(b)))\" r=\"3\" class=\"\(cls)\"/>"
        }
        svg += """

            <text x="\(size / 2)" y="\(size - 12)" text-anchor="middle" class="axis">\(escape(labelA)) →</text>
            <text x="14" y="\(size / 2)" text-anchor="middle" class="axis" transform="rotate(-90 14 \(size / 2))">\(escape(labelB)) →</text>
            <text x="\(pad)" y="\(pad - 6)" class="tick">1</text>
            <text x="\(size - pad)" y="\(pad - 6)" text-anchor="end" class="tick">\(Int(n))</text>
            </svg>
            """
        return svg
    }

    /// Rank intervals (5th to 95th percentile) with the median and the rank under the given points.
    static func intervals(_ rows: [(name: String, rank: Int, p5: Int, p95: Int, median: Int)], line: Int) -> String {
        let rowHeight = 18.0
        let left = 190.0
        let width = 640.0
        let top = 24.0
        let maxRank = Double(max(rows.map(\.p95).max() ?? 1, rows.count, 1))
        func x(_ r: Int) -> Double { left + (Double(r) - 1) / max(maxRank - 1, 1) * (width - left - 20) }
        let height = top + rowHeight * Double(rows.count) + 24
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">\n"
        if line > 0 {
            let l = (x(line) + x(line + 1)) / 2
            svg += "<line x1=\"\(f(l))\" y1=\"\(top - 8)\" x2=\"\(f(l))\" y2=\"\(f(height - 20))\" class=\"cut\"/>\n"
        }
        for (i, r) in rows.enumerated() {
            let cy = top + rowHeight * Double(i) + rowHeight / 2
            svg +=
                "<text x=\"\(left - 8)\" y=\"\(f(cy + 4))\" text-anchor=\"end\" class=\"label\">\(r.rank). \(escape(r.name))</text>"
            svg += "<line x1=\"\(f(x(r.p5)))\" y1=\"\(f(cy))\" x2=\"\(f(x(r.p95)))\" y2=\"\(f(cy))\" class=\"interval\"/>"
            svg += "<circle cx=\"\(f(x(r.median)))\" cy=\"\(f(cy))\" r=\"3.5\" class=\"median\"/>"
            svg += "<circle cx=\"\(f(x(r.rank)))\" cy=\"\(f(cy))\" r=\"2\" class=\"centre\"/>\n"
        }
        svg += "<text x=\"\(f(x(1)))\" y=\"14\" class=\"tick\">1</text>"
        svg += "<text x=\"\(f(x(Int(maxRank))))\" y=\"14\" text-anchor=\"end\" class=\"tick\">\(Int(maxRank))</text>\n</svg>"
        return svg
    }

    /// The county's score rate per second-level category against its tier's mean, as horizontal bars in
    /// percent.
    static func rates(_ rows: [(name: String, county: Double, mean: Double?)], countyLabel: String, meanLabel: String)
        -> String
    {
        let left = 150.0
        let width = 620.0
        let barArea = width - left - 60
        let rowHeight = 30.0
        let top = 30.0
        let height = top + rowHeight * Double(rows.count) + 10
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">\n"
        svg +=
            "<rect x=\"\(left)\" y=\"6\" width=\"12\" height=\"10\" class=\"bar county\"/><text x=\"\(left + 16)\" y=\"15\" class=\"tick\">\(escape(countyLabel))</text>"
        svg +=
            "<rect x=\"\(left + 170)\" y=\"6\" width=\"12\" height=\"10\" class=\"bar mean\"/><text x=\"\(left + 186)\" y=\"15\" class=\"tick\">\(escape(meanLabel))</text>\n"
        for (i, r) in rows.enumerated() {
            let y0 = top + rowHeight * Double(i)
            svg += "<text x=\"\(left - 8)\" y=\"\(f(y0 + 16))\" text-anchor=\"end\" class=\"label\">\(escape(r.name))</text>"
            svg +=
                "<rect x=\"\(left)\" y=\"\(f(y0 + 3))\" width=\"\(f(barArea * min(max(r.county, 0), 1)))\" height=\"11\" class=\"bar county\"/>"
            svg +=
                "<text x=\"\(f(left + barArea * min(max(r.county, 0), 1) + 4))\" y=\"\(f(y0 + 13))\" class=\"tick\">\(String(format: "%.1f%%", r.county * 100))</text>"
            if let mean = r.mean {
                svg +=
                    "<rect x=\"\(left)\" y=\"\(f(y0 + 15))\" width=\"\(f(barArea * min(max(mean, 0), 1)))\" height=\"9\" class=\"bar mean\"/>"
                svg +=
                    "<text x=\"\(f(left + barArea * min(max(mean, 0), 1) + 4))\" y=\"\(f(y0 + 24))\" class=\"tick\">\(String(format: "%.1f%%", mean * 100))</text>"
            }
            svg += "\n"
        }
        return svg + "</svg>"
    }
}
