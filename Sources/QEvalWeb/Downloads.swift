import Foundation
import QEval
import QEvalReports
import ZIPFoundation

/// What the CLI writes, made for a download: each writer writes to a private temporary folder of the
/// server's making (never a name from the browser), the bytes are read back, the folder removed.
enum Downloads {
    struct File {
        var bytes: [UInt8]
        /// The name offered to the browser (Chinese allowed) and its ASCII fallback.
        var name: String
        var asciiName: String
        var type: String
    }

    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// "评审3-shandong-2023" style stem: the evaluation's number and its file's name.
    static func stem(_ summary: EvaluationSummary) -> String {
        // The stored name is a display name, never a path: only its extension is dropped (URL would resolve
        // ".." against the server's working folder).
        let name = summary.fileName.allSatisfy { $0 == "." } ? "" : summary.fileName
        let base = name.lastIndex(of: ".").map { $0 > name.startIndex ? String(name[..<$0]) : name } ?? name
        let safe = String(base.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 }.prefix(60))
        return "\(summary.id)-\(safe)"
    }

    static func ascii(_ name: String, id: String) -> String {
        let kept = String(
            name.unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_.".unicodeScalars.contains($0))
            }.map(Character.init))
        return kept.isEmpty || kept.hasPrefix(".") ? id + kept : kept
    }

    /// Runs `write` with a path in a fresh temporary folder and returns the bytes written there.
    static func produce(_ fileName: String, _ write: (String) throws -> Void) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(fileName).path
        try write(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebError(.internalServerError, WebMessage.internalError)
        }
        return [UInt8](data)
    }

    static func file(_ bytes: [UInt8], _ name: String, type: String = xlsxType) -> File {
        File(bytes: bytes, name: name, asciiName: ascii(name, id: "qeval"), type: type)
    }

    static func ranking(_ cohort: RankedCohort, stem: String) throws -> File {
        let bytes = try produce("ranking.xlsx") { path in
            // The verified cohort's workbook carries its 核查记录 sheet and marked cells.
            _ = try RankingWorkbook(cohort: cohort, info: cohort.runInfo()).write(to: path)
        }
        return file(bytes, "ranking-\(stem).xlsx")
    }

    static func scores(_ cohort: RankedCohort, stem: String) -> File {
        let csv = ScoresCSV.make(cohort.evaluation, cohort.scoreboard, cohort.ranking, chineseHeaders: false)
        // With the byte-order mark, as the CLI writes it, so Excel on Chinese Windows reads the text.
        return file(Array("\u{FEFF}".utf8) + Array(csv.text.utf8), "scores-\(stem).csv", type: "text/csv; charset=utf-8")
    }

    static func comparison(_ comparison: Comparison, stem: String) throws -> File {
        let bytes = try produce("compare.xlsx") { path in
            try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: path)
        }
        return file(bytes, "compare-\(stem).xlsx")
    }

    static func robustness(_ result: RobustnessResult, info: RunInfo, stem: String) throws -> File {
        let bytes = try produce("robustness.xlsx") { path in
            try RobustnessWorkbook(result: result, info: info).write(to: path)
        }
        return file(bytes, "robustness-\(stem).xlsx")
    }

    static func countyFeedback(_ cohort: RankedCohort, row: Int, stem: String) throws -> File {
        let names = FeedbackSet.fileNames(cohort)
        let name = names.first { $0.row == row }?.name ?? "feedback-\(row + 1).xlsx"
        let bytes = try produce("feedback.xlsx") { path in
            let explainer = Explainer(cohort)
            try FeedbackWorkbook(cohort: cohort, summary: TierSummary(cohort), explainer: explainer, row: row)
                .write(to: path)
        }
        return File(bytes: bytes, name: name, asciiName: "feedback-\(row + 1).xlsx", type: xlsxType)
    }

    /// Every applicant's feedback workbook (as `qeval feedback` writes them), in one ZIP.
    static func feedback(_ cohort: RankedCohort, stem: String) throws -> File {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-\(UUID().uuidString)")
        let inner = folder.appendingPathComponent("feedback-\(stem)")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try FeedbackSet.write(cohort, to: inner.path)
        let zip = folder.appendingPathComponent("feedback.zip")
        try FileManager.default.zipItem(at: inner, to: zip, shouldKeepParent: true)
        guard let data = FileManager.default.contents(atPath: zip.path) else {
            throw WebError(.internalServerError, WebMessage.internalError)
        }
        return File(
            bytes: [UInt8](data), name: "feedback-\(stem).zip", asciiName: ascii("feedback-\(stem).zip", id: "feedback"),
            type: "application/zip")
    }
}
