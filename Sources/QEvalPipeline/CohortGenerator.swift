import Foundation
import QEvalRules
import QEvalSupport

/// SplitMix64: a small, fast, well-mixed generator; the same seed gives the same cohort on every machine.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `qeval generate`: a synthetic but plausible cohort for any rulebook, deterministic for a seed.
///
/// The first 136 applicants are Shandong's real county-level units with their prefecture cities (when the
/// rulebook's tiers name those cities); further applicants get synthetic names spread over all tiers.
/// Figures are drawn from ranges typical of county statistics; a few applicants fail a gate and a few
/// cells are left empty, as in real submissions.
public struct CohortGenerator {
    public var count: Int
    public var seed: UInt64
    /// Share of applicants failing a gate.
    var disqualifiedRate = 0.04
    /// Share of indicator cells left empty.
    var missingRate = 0.004

    public init(count: Int, seed: UInt64) {
        self.count = count
        self.seed = seed
    }

    /// Shandong's 136 county-level units (as the bundled sample lists them), by prefecture city.
    public static let shandong: [(city: String, counties: [String])] = [
        ("济南市", ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区", "钢城区", "平阴县", "商河县"]),
        ("青岛市", ["市南区", "市北区", "黄岛区", "崂山区", "李沧区", "城阳区", "即墨区", "胶州市", "平度市", "莱西市"]),
        ("淄博市", ["淄川区", "张店区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县"]),
        ("枣庄市", ["市中区", "薛城区", "峄城区", "台儿庄区", "山亭区", "滕州市"]),
        ("东营市", ["东营区", "河口区", "垦利区", "利津县", "广饶县"]),
        ("烟台市", ["芝罘区", "福山区", "牟平区", "莱山区", "蓬莱区", "龙口市", "莱阳市", "莱州市", "招远市", "栖霞市", "海阳市"]),
        ("潍坊市", ["潍城区", "寒亭区", "坊子区", "奎文区", "临朐县", "昌乐县", "青州市", "诸城市", "寿光市", "安丘市", "高密市", "昌邑市"]),
        ("济宁市", ["任城区", "兖州区", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县", "曲阜市", "邹城市"]),
        ("泰安市", ["泰山区", "岱岳区", "宁阳县", "东平县", "新泰市", "肥城市"]),
        ("威海市", ["环翠区", "文登区", "荣成市", "乳山市"]),
        ("日照市", ["东港区", "岚山区", "五莲县", "莒县"]),
        ("临沂市", ["兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县", "临沭县"]),
        ("德州市", ["德城区", "陵城区", "宁津县", "庆云县", "临邑县", "齐河县", "平原县", "夏津县", "武城县", "乐陵市", "禹城市"]),
        ("聊城市", ["东昌府区", "茌平区", "阳谷县", "莘县", "东阿县", "冠县", "高唐县", "临清市"]),
        ("滨州市", ["滨城区", "沾化区", "惠民县", "阳信县", "无棣县", "博兴县", "邹平市"]),
        ("菏泽市", ["牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县"]),
    ]

    /// Typical ranges for the bundled form's figures, by key. A rulebook's own `sample: [lo, hi]` on a field comes
    /// first; fields with neither fall back to ranges by type.
    static let ranges: [String: ClosedRange<Double>] = [
        "population": 150_000...1_600_000,
        "i17_metrologists": 0...12, "i17_public_standards": 8...40,
        "i19_smes_helped_prev1": 10...320, "i19_smes_helped_prev2": 10...300,
        "i20_voluntary_cert_coverage": 5...65,
        "i17_class_a_coverage": 82...100, "i18_energy_review_coverage": 82...100,
        "i22_initial_check_rate": 88...100, "i22_completion_rate": 88...100, "i22_report_check_rate": 88...100,
        "i22_mediation_rate": 40...95,
        "i26_disposal_rate": 84...100, "i26_referral_rate": 84...100,
        "i30_batches_per_thousand": 0.4...2.6,
        "i31_rd_intensity": 0.3...4.5,
        "i32_green_building_area": 20_000...1_800_000, "i33_prefab_building_area": 5_000...900_000,
        "i35_nursing_beds": 100...2_500, "i35_total_beds": 2_600...6_000,
        "i35_teachers": 1_500...9_000, "i35_students": 20_000...120_000,
        "i35_medical_rating": 70...99, "i35_culture_area": 15_000...160_000, "i35_tourism_rating": 55...98,
        "i36_service_firms": 25...900, "i36_service_revenue": 5...650,
        "i38_energy_intensity_drop": -6...16,
        "i39_good_air_days": 50...86, "i39_pm25_improvement": -12...22,
        "i40_hightech_share": 12...72,
        "i41_patents_prev1": 2...65, "i41_patents_prev2": 1.5...60,
    ]

    static func countRange(_ key: String) -> ClosedRange<Int> {
        if key.hasPrefix("i42_") || key.hasPrefix("i43_china") || key.hasPrefix("i15_intl") || key.hasPrefix("i14_intl") {
            return 0...1
        }
        return 0...4
    }

    public func csv(for rulebook: Rulebook) -> CSVOutput {
        var rng = SeededGenerator(seed: seed)
        var out = CSVOutput()
        out.header(rulebook.fields.map(\.key))
        let names = applicantNames(rulebook)
        for i in 0..<count {
            let (county, city) = names[i]
            let disqualified = Double.random(in: 0..<1, using: &rng) < disqualifiedRate
            let failingGate =
                disqualified ? Int.random(in: 0..<max(1, rulebook.prerequisites.count + rulebook.vetoes.count), using: &rng) : -1
            var cells: [CSVOutput.Cell] = []
            for (f, field) in rulebook.fields.enumerated() {
                switch field.key {
                case "county":
                    cells.append(.text(county))
                    continue
                case "city":
                    cells.append(.text(city))
                    continue
                default: break
                }
                if let p = rulebook.prerequisites.firstIndex(where: { $0.field == f }) {
                    let minimum = rulebook.prerequisites[p].minimum
                    let value =
                        failingGate == p
                        ? Double.random(in: max(0, minimum - 8)..<minimum, using: &rng)
                        : Double.random(in: minimum...(minimum * 2.5 + 5), using: &rng)
                    cells.append(.formatted(format(value, 1)))
                    continue
                }
                if let v = rulebook.vetoes.firstIndex(where: { $0.field == f }) {
                    cells.append(.text(failingGate == rulebook.prerequisites.count + v ? "是" : "否"))
                    continue
                }
                if field.type == .text {
                    cells.append(.empty)
                    continue
                }
                if field.role == .indicator && Double.random(in: 0..<1, using: &rng) < missingRate {
                    cells.append(.empty)
                    continue
                }
                let v = value(field, &rng)
                cells.append(field.type == .bool ? .text(v) : .formatted(v))
            }
            out.append(cells)
        }
        return out
    }

    func value(_ field: FieldSpec, _ rng: inout SeededGenerator) -> String {
        switch field.type {
        case .text: return ""
        case .bool: return Double.random(in: 0..<1, using: &rng) < 0.78 ? "是" : "否"
        case .level:
            let top = field.maxLevel ?? 1
            let roll = Double.random(in: 0..<1, using: &rng)
            return String(roll < 0.55 ? top : roll < 0.9 ? max(0, top - 1) : 0)
        case .count:
            let range =
                (field.sampleRange ?? Self.ranges[field.key]).map { Int($0.lowerBound)...Int($0.upperBound) }
                ?? Self.countRange(field.key)
            // Small counts are skewed towards 0 and 1, as in real returns.
            if range.upperBound <= 4 {
                let r = Double.random(in: 0..<1, using: &rng)
                let v = Int((r * r * Double(range.upperBound + 1)).rounded(.down))
                return String(min(range.upperBound, v))
            }
            return String(Int.random(in: range, using: &rng))
        case .percent, .number:
            var range = field.sampleRange ?? Self.ranges[field.key] ?? (field.type == .percent ? 40...100 : 0...100)
            if let lo = field.minimum { range = max(range.lowerBound, lo)...max(range.upperBound, lo) }
            if let hi = field.maximum { range = min(range.lowerBound, hi)...min(range.upperBound, hi) }
            return format(Double.random(in: range, using: &rng), field.type == .percent ? 2 : 2)
        }
    }

    func format(_ v: Double, _ decimals: Int) -> String {
        Points.format((v * 100).rounded() / 100, decimals: decimals)
    }

    func applicantNames(_ rulebook: Rulebook) -> [(String, String)] {
        var names: [(String, String)] = []
        let known = Self.shandong.filter { rulebook.tier(ofCity: $0.city) != nil }
        for (city, counties) in known {
            for county in counties { names.append((county, city)) }
        }
        if names.count >= count { return Array(names.prefix(count)) }
        let cities = rulebook.tiers.flatMap { $0.cities.map { $0 + "市" } }
        var i = names.count
        while names.count < count {
            i += 1
            names.append((String(format: "合成县%06d", i), cities[i % cities.count]))
        }
        return names
    }
}
