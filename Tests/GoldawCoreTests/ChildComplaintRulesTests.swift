import Testing
@testable import GoldawCore

/// Who reads a child's complaint, as a table: every kind × every choice, every role × every
/// recipient. A complaint from detention reaches the independent monitor whatever was chosen,
/// and no role of a place of detention reads any child's complaint.
@Suite("Children's complaints: routing") struct ChildComplaintRulesTests {
    @Test(arguments: [
        (ChildComplaintKind.rights, ComplaintRecipient?.some(.etrap), ComplaintRecipient?.some(.etrap)),
        (.rights, .monitor, .monitor),
        (.rights, nil, nil),
        (.rights, .desk, nil),
        (.atRisk, .etrap, .etrap),
        (.atRisk, .monitor, .monitor),
        (.atRisk, nil, nil),
        (.detention, .etrap, .monitor),
        (.detention, .monitor, .monitor),
        (.detention, nil, .monitor),
        (.detention, .desk, .monitor),
    ])
    func theRecipient(kind: ChildComplaintKind, chosen: ComplaintRecipient?, expected: ComplaintRecipient?) {
        #expect(ChildComplaintRouting.recipient(for: kind, chosen: chosen) == expected)
    }

    /// The office each role reads children's complaints for; nil: none at all.
    static let offices: [Role: ComplaintRecipient] = [
        .socialWorker: .etrap, .supervisor: .etrap, .independentMonitor: .monitor,
    ]

    @Test(arguments: Role.allCases)
    func eachRoleReadsOnlyItsOffice(role: Role) {
        #expect(ChildComplaintRouting.office(of: role) == Self.offices[role])
        #expect(ChildComplaintRouting.reads(role, .monitor) == (role == .independentMonitor))
        #expect(ChildComplaintRouting.reads(role, .etrap) == [.socialWorker, .supervisor].contains(role))
        #expect(ChildComplaintRouting.reads(role, .desk) == AccessPolicy.allows(role, .handleGrievances))
    }

    @Test func detentionStaffAndJusticeOfficersReadNoChildsComplaint() {
        for role in [Role.detentionStaff, .justiceOfficer, .careStaff, .benefitsOfficer, .nationalAnalyst, .administrator] {
            #expect(ChildComplaintRouting.office(of: role) == nil, "\(role)")
        }
        #expect(ChildComplaintRouting.readers(of: .monitor) == [.independentMonitor])
        #expect(Set(ChildComplaintRouting.readers(of: .etrap)) == [.supervisor, .socialWorker])
    }

    @Test func staffTakeItOnAnswerAndCloseOnly() {
        #expect(ChildComplaintRouting.allowed(from: .open) == [.assign, .resolve])
        #expect(ChildComplaintRouting.allowed(from: .assigned) == [.assign, .resolve])
        #expect(ChildComplaintRouting.allowed(from: .resolved) == [.close])
        #expect(ChildComplaintRouting.allowed(from: .closed) == [])
    }

    @Test func deadlinesAndTheIntake() {
        #expect(ChildComplaintKind.allCases.map(\.defaultSLADays) == [15, 3, 7])
        #expect(ChildComplaintKind.allCases.filter(\.createsCaseIntake) == [.atRisk])
        #expect(ChildComplaintKind.allCases.allSatisfy { GrievanceCategory(rawValue: $0.rawValue) == nil },
                "a child's category is never one of the desk's")
        #expect(CaseIntakeRules.canDecide(from: .new, to: .opened))
        #expect(CaseIntakeRules.canDecide(from: .new, to: .notAConcern))
        #expect(!CaseIntakeRules.canDecide(from: .new, to: .new))
        #expect(!CaseIntakeRules.canDecide(from: .opened, to: .notAConcern))
        #expect(!CaseIntakeRules.canDecide(from: .notAConcern, to: .opened))
    }
}
