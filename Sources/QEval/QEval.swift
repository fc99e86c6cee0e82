// The scoring core seen from outside (the reports, the web workspace, the CLI): one import for every
// stage. Inside the core each stage is its own target, so a stage cannot reach into a later one.
@_exported import QEvalCompare
@_exported import QEvalEvaluation
@_exported import QEvalExplanation
@_exported import QEvalFindings
@_exported import QEvalForms
@_exported import QEvalInput
@_exported import QEvalPanel
@_exported import QEvalPipeline
@_exported import QEvalRanking
@_exported import QEvalRobustness
@_exported import QEvalRules
@_exported import QEvalSupport
