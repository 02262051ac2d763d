import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `/api/v1/benefits/…`: programmes and parameters, applications and decisions, enrolments,
/// payroll cycles with their lines, exports and reconciliation, and emergency measures.
package enum BenefitsAPI {
    package static let id = APIOperation.Parameter(name: "id", location: "path", type: "string", required: true, description: "uuid")
    package static let page = APIOperation.Parameter.page
    package static func op(_ method: HTTPMethod, _ path: String, _ operationID: String, _ summary: String, parameters: [APIOperation.Parameter] = [],
                   body: String? = nil, responses: [Int: String?], _ handler: @escaping @Sendable (Request) async throws -> Response) -> APIOperation {
        APIOperation(method: method, path: "/api/v1/benefits" + path, operationID: operationID, summary: summary, authenticated: true,
                     parameters: parameters, requestSchema: body, responses: responses, handler: handler)
    }

    package static let operations: [APIOperation] = [
        op(.GET, "/programmes", "listProgrammes", "Programmes with their dated parameter values and rule versions",
           responses: [200: "ProgrammeList", 403: nil], programmes),
        op(.POST, "/parameters", "addParameterValue", "Add a parameter value from a date after every existing one",
           body: "ParameterInput", responses: [201: "ParameterValue", 403: nil, 422: nil], addParameter),
        op(.POST, "/rules", "addRuleVersion", "Add a new dated version of a programme's eligibility rules",
           body: "RuleVersionInput", responses: [201: "RuleVersion", 403: nil, 422: nil], addRules),
        op(.GET, "/applications", "listApplications", "Applications in the caller's scope",
           parameters: [.init(name: "status", location: "query", type: "string", required: false, description: "intake | submitted | approved | rejected"),
                        .init(name: "personId", location: "query", type: "string", required: false, description: "beneficiary or applicant uuid"), page],
           responses: [200: "ApplicationPage", 403: nil], listApplications),
        op(.POST, "/applications", "takeApplication", "Take an application; an ineligible one answers 422 with every failing rule unless recordIneligible",
           body: "ApplicationInput", responses: [201: "Application", 403: nil, 422: nil], takeApplication),
        op(.GET, "/applications/{id}", "getApplication", "One application with its explained eligibility",
           parameters: [id], responses: [200: "Application", 404: nil], getApplication),
        op(.POST, "/applications/{id}/intake", "completeIntake", "Complete an application created from a birth registration",
           parameters: [id], body: "ApplicationInput", responses: [200: "Application", 404: nil, 409: nil, 422: nil], completeIntake),
        op(.POST, "/applications/{id}/decision", "decideApplication", "Approve (creating the enrolment) or reject with a reason",
           parameters: [id], body: "DecisionInput", responses: [200: "Application", 404: nil, 409: nil, 422: nil], decide),
        op(.GET, "/enrolments", "listEnrolments", "Enrolments of a person (as beneficiary or payee), or those waiting for review",
           parameters: [.init(name: "personId", location: "query", type: "string", required: false, description: "uuid"),
                        .init(name: "review", location: "query", type: "boolean", required: false, description: "only those to review")],
           responses: [200: "EnrolmentList", 403: nil], listEnrolments),
        op(.GET, "/payroll", "listPayrollCycles", "Payroll cycles in the caller's scope, newest month first", parameters: [page],
           responses: [200: "CycleList", 403: nil], listCycles),
        op(.POST, "/payroll", "createPayrollCycle", "Create a draft cycle for a programme, territory and month",
           body: "CycleInput", responses: [201: "Cycle", 403: nil, 422: nil], createCycle),
        op(.GET, "/payroll/{id}", "getPayrollCycle", "One cycle with its totals by payment list", parameters: [id],
           responses: [200: "Cycle", 404: nil], getCycle),
        op(.GET, "/payroll/{id}/lines", "listPayrollLines", "The cycle's lines with the parameters each amount used",
           parameters: [id, page], responses: [200: "LinePage", 404: nil], lines),
        op(.GET, "/payroll/{id}/export", "exportPaymentList", "A payment list as CSV (text/csv) for one channel and territory",
           parameters: [id, .init(name: "channel", location: "query", type: "string", required: true, description: "bank | post"),
                        .init(name: "territory", location: "query", type: "string", required: true, description: "territory path, e.g. /TM-M/M-MRY/")],
           responses: [200: nil, 404: nil, 409: nil], export),
        op(.GET, "/totals", "paymentTotals", "A month's totals by territory, programme and kind (no names)",
           parameters: [.init(name: "month", location: "query", type: "string", required: true, description: "YYYY-MM")],
           responses: [200: "TotalList", 403: nil, 422: nil], totals),
        op(.GET, "/emergencies", "listEmergencyMeasures", "Emergency top-up measures", responses: [200: "MeasureList", 403: nil], listMeasures),
        op(.POST, "/emergencies", "declareEmergencyMeasure", "Declare a top-up for programmes, territories and months",
           body: "MeasureInput", responses: [201: "Measure", 403: nil, 422: nil], declareMeasure),
        op(.POST, "/emergencies/{id}/end", "endEmergencyMeasure", "End a measure: no top-up from the current month on",
           parameters: [id], body: "VersionInput", responses: [200: "Measure", 404: nil, 409: nil], endMeasure),
    ] + PayrollStep.allCases.map(operation)
}
