import Foundation
import Hummingbird
import QEval

/// What the command line writes, downloaded: workbooks, the scores CSV, the feedback ZIP.
struct DownloadsController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get("download/:kind") { request, context in try await download(request, context) }
        evaluation.get("county/:row/feedback.xlsx") { request, context in try await countyFeedback(request, context) }
    }

    // MARK: downloads

    func download(_ request: Request, _ context: WebContext) async throws -> Response {
        let kind = context.parameters.get("kind") ?? ""
        let scored = try await scored(request, context)
        let (id, summary, inForce, cohort) = (scored.id, scored.summary, scored.inForce, scored.cohort)
        let stem = Downloads.stem(summary)
        let file: Downloads.File
        switch kind {
        case "ranking.xlsx": file = try await pool.run { try Downloads.ranking(cohort, stem: stem) }
        case "scores.csv": file = try await pool.run { Downloads.scores(cohort, stem: stem) }
        case "feedback.zip":
            // Every county's workbook: seconds of work, at a lower priority than the pages (`Background`).
            file = try await pool.run { try Background.blocking { try Downloads.feedback(cohort, stem: stem) } }
        case "compare.xlsx":
            let (comparison, _, _) = try await comparison(request, context, id: id)
            file = try await pool.run { try Downloads.comparison(comparison, stem: stem) }
        case "robustness.xlsx":
            guard let key = request.uri.queryParameters.get("job"), let job = jobs.job(key), job.evaluation == id,
                let result = job.result
            else { throw WebError(.notFound, WebMessage.notFound) }
            let info = job.info
            file = try await pool.run { try Downloads.robustness(result, info: info, stem: stem) }
        default:
            throw WebError(.notFound, WebMessage.notFound)
        }
        try await store.audit(
            context, action: .download, evaluation: id,
            detail: WebMessage.auditDownload(file: file.name, points: inForce.label).text)
        return .download(file.bytes, name: file.name, asciiName: file.asciiName, type: file.type)
    }

    func countyFeedback(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, inForce, cohort) = (scored.id, scored.summary, scored.inForce, scored.cohort)
        let row = try applicantRow(context, in: cohort)
        let stem = Downloads.stem(summary)
        let file = try await pool.run { try Downloads.countyFeedback(cohort, row: row, stem: stem) }
        try await store.audit(
            context, action: .download, evaluation: id,
            detail: WebMessage.auditDownload(file: file.name, points: inForce.label).text)
        return .download(file.bytes, name: file.name, asciiName: file.asciiName, type: file.type)
    }
}
