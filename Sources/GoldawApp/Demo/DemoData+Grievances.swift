import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawIndicators
import GoldawTools

/// Demo complaints so the grievance desk is not empty: in Mary etraby one on track, one at
/// risk and one overdue (so shown as escalated), and in Çärjew etraby one answered and closed.
/// Then three messages from the children's page in Çärjew etraby: an anonymous complaint for the
/// etrap's social services, one from a child in detention (so for the independent monitor), and
/// an anonymous report of a child at risk, which waits in child protection's intake queue.
/// Dates are set in the past through the service's clock, so deadlines and history look real.
extension DemoData {
    package static func loadGrievances(into app: Application) async throws {
        let day: TimeInterval = 86_400
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo")
        func staff(_ username: String) async throws -> CurrentUser? { try await demoActor(username, app) }
        func service(_ actor: CurrentUser?, daysAgo: Double) -> GrievanceService {
            GrievanceService(db: app.db, actor: actor, audit: audit, now: AppClock.now.addingTimeInterval(-daysAgo * day))
        }
        let officer = try await staff("officer.mary")
        let worker = try await staff("worker.lebap")

        // Called in: the child benefit for May has not arrived.
        var missing = GrievanceDraft(category: GrievanceCategory.paymentMissing.rawValue, channel: GrievanceChannel.staffPhone.rawValue,
                                     complainantName: "Gözel Baýramowa", complainantContact: "+993 65 318842",
                                     subjectKind: GrievanceSubject.payment.rawValue, subjectReference: "PAY-2026-05-0117",
                                     description: "Çaga üçin maý aýynyň kömek puly karta gelmedi.", territoryCode: maryEtrap)
        let first = try await service(officer, daysAgo: 3).lodge(missing, publicPage: false)
        try await service(officer, daysAgo: 2).perform(.assign, on: first, note: "", assignee: "officer.mary", expectedVersion: first.version)

        // From the public page: the decision on an application, lodged 24 days ago (at risk).
        missing.category = GrievanceCategory.decision.rawValue
        missing.complainantName = "Enejan Öwezowa"
        missing.complainantContact = ""
        missing.subjectKind = GrievanceSubject.application.rawValue
        missing.subjectReference = "BA-00000002"
        missing.description = "Ogluma maýyplygy bolan çaga hökmünde kömek puly bellenmedi, sebäbi düşündirilmedi."
        _ = try await service(nil, daysAgo: 24).lodge(missing, publicPage: true)

        // Overdue: a payment amount complaint lodged 20 days ago against a 15-day deadline.
        missing.category = GrievanceCategory.paymentAmount.rawValue
        missing.channel = GrievanceChannel.staffVisit.rawValue
        missing.complainantName = "Kerim Baýramow"
        missing.complainantContact = "Mary, Magtymguly köçesi, 14"
        missing.subjectKind = GrievanceSubject.payment.rawValue
        missing.subjectReference = "PAY-2026-04-0093"
        missing.description = "Aprel aýynda tölenen kömek pulunyň möçberi öňküsinden az boldy."
        _ = try await service(officer, daysAgo: 20).lodge(missing, publicPage: false)

        // Lebap: answered and closed.
        let quality = GrievanceDraft(category: GrievanceCategory.serviceQuality.rawValue, channel: GrievanceChannel.staffVisit.rawValue,
                                     complainantName: "Läle Çaryýewa", complainantContact: "+993 62 130944",
                                     subjectKind: GrievanceSubject.other.rawValue,
                                     description: "Etrap bölüminde resminamalary kabul etmek üçin üç gün garaşdyrdylar.", territoryCode: lebapEtrap)
        let closed = try await service(worker, daysAgo: 12).lodge(quality, publicPage: false)
        try await service(worker, daysAgo: 5).perform(.resolve, on: closed, note: "Kabul ediş wagty giňeldildi; siziň resminamalaryňyz kabul edildi.",
                                                       expectedVersion: closed.version)
        try await service(worker, daysAgo: 1).perform(.close, on: closed, note: "", expectedVersion: closed.version)
        try await loadChildComplaints(service: { service(nil, daysAgo: $0) })
    }

    static func loadChildComplaints(service: (Double) -> GrievanceService) async throws {
        _ = try await service(4).lodgeChild(ChildComplaintDraft(
            kind: ChildComplaintKind.rights.rawValue, recipient: ComplaintRecipient.etrap.rawValue, territoryCode: lebapEtrap,
            text: "Mekdepde mugallym bizi her gün gygyrýar we klasdan çykarýar. Men okamak isleýärin."))
        _ = try await service(2).lodgeChild(ChildComplaintDraft(
            kind: ChildComplaintKind.detention.rawValue, recipient: ComplaintRecipient.etrap.rawValue, territoryCode: lebapEtrap,
            text: "Iki aý bäri ejem bilen telefonda gepleşmäge rugsat bermeýärler. Hat hem ýazyp bolanok.", name: "Döwran"))
        _ = try await service(1).lodgeChild(ChildComplaintDraft(
            kind: ChildComplaintKind.atRisk.rawValue, recipient: ComplaintRecipient.etrap.rawValue, territoryCode: lebapEtrap,
            text: "Goňşymyzyň kiçijik gyzy bütin gün öýde ýeke galýar, iýmit ýok. Ol köp aglaýar. Köçe: Garaşsyzlyk şaýoly, 12."))
    }
}
