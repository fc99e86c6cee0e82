import QEvalRules
import QEvalSupport

/// Checks that need the whole table: who each applicant is (one row per county, the county under its own
/// city, a code of that city) and whether a figure is plausible next to the rest of the cohort.
enum ApplicantChecks {
    /// Duplicates (also "寿光" beside "寿光市"), a listed county under another city (an error: the city decides
    /// the tier and the efficacy group), a name not in the list (a console warning), a code of another city.
    static func identities(_ table: ApplicantTable, _ rulebook: Rulebook, errors: inout Diagnostics, warnings: inout Diagnostics)
    {
        let countyLabel = rulebook.field("county")?.label
        let cityLabel = rulebook.field("city")?.label
        var seen: [String: Int] = [:]
        let codeField = rulebook.fieldIndex["code"]
        // Cities repeat: normalise each spelling once.
        var cityOf: [String: (name: String, known: Bool)] = [:]
        for row in 0..<table.count {
            let county = table.county[row]
            let cityWritten = table.city[row]
            guard !county.isEmpty, !cityWritten.isEmpty, !county.utf8.contains(0), !cityWritten.utf8.contains(0) else {
                continue
            }
            let resolved =
                cityOf[cityWritten]
                ?? {
                    let name = Tier.normalise(CellParser.normalise(cityWritten))
                    let entry = (name: name, known: rulebook.tier(ofCity: name) != nil)
                    cityOf[cityWritten] = entry
                    return entry
                }()
            guard resolved.known else { continue }  // already an error
            let city = resolved.name
            let who = table.name(row)
            let nameKey = RegionList.nameKey(county)
            let key = nameKey + "\u{1F}" + city
            if let first = seen[key] {
                if table.county[first] == county {
                    errors.error(
                        file: table.file, line: table.line[row], column: "county", columnLabel: countyLabel, value: county,
                        applicant: who, InputMessage.sameApplicantTwice(firstLine: table.line[first]))
                } else {
                    errors.error(
                        file: table.file, line: table.line[row], column: "county", columnLabel: countyLabel, value: county,
                        applicant: who,
                        InputMessage.sameCountyTwice(value: county, other: table.county[first], firstLine: table.line[first]))
                }
                continue
            }
            seen[key] = row
            guard let regions = rulebook.regions else { continue }
            let units = regions.units(withKey: nameKey)
            if !units.isEmpty && !units.contains(where: { $0.city == city }) {
                let homes = units.map { $0.city + "市" }
                errors.error(
                    file: table.file, line: table.line[row], column: "city", columnLabel: cityLabel, value: cityWritten,
                    applicant: who,
                    InputMessage.countyInOtherCity(
                        county: units[0].county, city: city + "市", belongsTo: homes.joined(separator: "或")))
            } else if units.isEmpty {
                warnings.warning(
                    file: table.file, line: table.line[row], column: "county", columnLabel: countyLabel, value: county,
                    applicant: who, InputMessage.countyNotInList(county: county, city: city + "市"))
            }
            if let codeField, table.present[codeField][row], let prefix = regions.cityPrefix[city] {
                let code = CellParser.normalise(table.texts[codeField][row])
                if !code.hasPrefix(prefix) {
                    errors.error(
                        file: table.file, line: table.line[row], column: "code", columnLabel: rulebook.fields[codeField].label,
                        value: code, applicant: who, InputMessage.codeWrongCity(code: code, city: city + "市", prefix: prefix))
                }
            }
        }
    }

    /// A percentage in (0, 1] where most of the cohort writes values above 10 was probably typed as a
    /// fraction (0.5155 for 51.55 %): reported on the console, naming county, column and value.
    static func plausibility(_ table: ApplicantTable, _ rulebook: Rulebook, warnings: inout Diagnostics) {
        for (f, field) in rulebook.fields.enumerated() where field.type == .percent && table.hasColumn[f] {
            var reported: [Double] = []
            for row in 0..<table.count where table.present[f][row] { reported.append(table.values[f][row]) }
            guard reported.count >= 5 else { continue }
            reported.sort()
            let median = reported[reported.count / 2]
            guard median > 10 else { continue }
            for row in 0..<table.count where table.present[f][row] {
                let v = table.values[f][row]
                guard v > 0 && v <= 1 else { continue }
                warnings.warning(
                    file: table.file, line: table.line[row], column: field.key, columnLabel: field.label,
                    value: Points.format(v), applicant: table.name(row), affectsScore: true,
                    InputMessage.implausibleFraction(value: Points.format(v), median: Points.format(median, decimals: 2)))
            }
        }
    }
}
