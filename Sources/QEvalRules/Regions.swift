import Foundation
import QEvalSupport

/// The county-level units of each prefecture city and the city's four-digit prefix of 行政区划代码, from the
/// data file a rulebook names (`regions:`). Lets the Input stage catch a county entered under the wrong city
/// (which moves it to another tier and shifts that tier's min/max), one county written twice, and a code of
/// another city.
public struct RegionList: Sendable {
    public struct Unit: Sendable, Equatable {
        /// The official name, with its 市/县/区 suffix.
        public var county: String
        /// The city without 市.
        public var city: String
    }
    public var source: String
    public var units: [Unit]
    /// City (without 市) → four-digit code prefix.
    public var cityPrefix: [String: String]
    /// Name key (`RegionList.nameKey`) → units of that name (市中区 is in 济南 and in 枣庄).
    var byKey: [String: [Int]] = [:]

    public init(source: String, units: [Unit], cityPrefix: [String: String]) {
        self.source = source
        self.units = units
        self.cityPrefix = cityPrefix
        for (i, unit) in units.enumerated() { byKey[Self.nameKey(unit.county), default: []].append(i) }
    }

    /// A county name compared without spaces, full-width forms and its 市/县/区 suffix: "寿光" and "寿光市" are one.
    public static func nameKey(_ name: String) -> String {
        var key = CellParser.normalise(name).filter { !$0.isWhitespace }
        if key.count > 1, let last = key.last, "市县区旗".contains(last) { key.removeLast() }
        return key
    }

    /// The units a name may stand for, in any city.
    public func units(named name: String) -> [Unit] { units(withKey: Self.nameKey(name)) }

    /// The units whose `nameKey` is `key`.
    public func units(withKey key: String) -> [Unit] { (byKey[key] ?? []).map { units[$0] } }

    /// Reads `county,city,city_code` (as `../shared/spec/shandong-regions.csv`).
    public static func load(path: String, tiers: [Tier]) throws(InputError) -> RegionList {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
        let decoded = try TextDecoder.decode([UInt8](data), file: path)
        let csv = try CSVReader.parse(decoded.utf8, file: path)
        guard csv.recordCount > 1 else { throw InputError(file: path, line: 1, RegionMessage.header) }
        let header = csv.record(0).map { CellParser.normalise($0).lowercased() }
        guard let c = header.firstIndex(of: "county"), let t = header.firstIndex(of: "city"),
            let p = header.firstIndex(of: "city_code")
        else { throw InputError(file: path, line: csv.recordLines[0], RegionMessage.header) }
        let known = Set(tiers.flatMap(\.cities))
        var units: [Unit] = []
        var prefixes: [String: String] = [:]
        var errors = Diagnostics()
        for r in 1..<csv.recordCount {
            let row = csv.record(r)
            let line = csv.recordLines[r]
            guard row.count > max(c, t, p) else {
                errors.error(file: path, line: line, RegionMessage.shortRow)
                continue
            }
            let county = CellParser.normalise(row[c])
            let city = Tier.normalise(CellParser.normalise(row[t]))
            let prefix = CellParser.normalise(row[p])
            if county.isEmpty { continue }
            guard known.contains(city) else {
                errors.error(file: path, line: line, value: row[t], RegionMessage.cityNotInTiers(city))
                continue
            }
            guard prefix.count == 4, prefix.allSatisfy(\.isASCII), prefix.allSatisfy(\.isNumber) else {
                errors.error(file: path, line: line, value: row[p], RegionMessage.badPrefix(prefix))
                continue
            }
            if let other = prefixes[city], other != prefix {
                errors.error(file: path, line: line, value: prefix, RegionMessage.twoPrefixes(city, other, prefix))
                continue
            }
            prefixes[city] = prefix
            units.append(Unit(county: county, city: city))
        }
        if errors.hasErrors { throw InputError(errors) }
        return RegionList(source: path, units: units, cityPrefix: prefixes)
    }
}

/// What the Rules stage says about a regions file.
public enum RegionMessage: Message {
    case header
    case shortRow
    case cityNotInTiers(String)
    case badPrefix(String)
    case twoPrefixes(String, String, String)

    public var localized: Localized {
        switch self {
        case .header:
            return Localized(
                zh: "行政区划文件应有表头 county,city,city_code，其下每个县级单位一行。",
                en: "a regions file needs the header county,city,city_code and one row per county-level unit")
        case .shortRow:
            return Localized(zh: "该行的单元格少于表头。", en: "the row has fewer fields than the header")
        case .cityNotInTiers(let city):
            return Localized(
                zh: "地级市\u{201C}\(city)\u{201D}不在评价标准的任何梯队中。", en: "city \"\(city)\" is in none of the rulebook's tiers")
        case .badPrefix(let prefix):
            return Localized(
                zh: "代码前缀\u{201C}\(prefix)\u{201D}应为 4 位数字，如 3701。",
                en: "city code prefix \"\(prefix)\": expected four digits, e.g. 3701")
        case .twoPrefixes(let city, let a, let b):
            return Localized(
                zh: "\(city)有两个代码前缀（\(a) 和 \(b)）。", en: "\(city) has two code prefixes (\(a) and \(b))")
        }
    }

    public static var examples: [RegionMessage] {
        [.header, .shortRow, .cityNotInTiers("北京"), .badPrefix("37"), .twoPrefixes("济南", "3701", "3702")]
    }
}
