import Foundation
import GoldawCore
import NIOConcurrencyHelpers

/// The one place "now", "today" and new record ids come from.
///
/// Rules and pages never read the wall clock themselves: they ask `AppClock`, so that a test (or a
/// rehearsal of next year's payroll) can pin the date. The clock is process-wide rather than carried
/// by each request because services, console commands and demo data run outside a request and
/// all of them must agree on what "today" is.
public struct AppClock: Sendable {
    /// The instant now.
    public var instant: @Sendable () -> Date
    /// A new identifier for a record.
    public var makeID: @Sendable () -> UUID

    public init(instant: @escaping @Sendable () -> Date, makeID: @escaping @Sendable () -> UUID = { UUID() }) {
        self.instant = instant
        self.makeID = makeID
    }

    /// The wall clock.
    public static let system = AppClock(instant: { Date() })

    /// Real time shifted so that the first reading is `start`. The date is pinned while events keep
    /// their real order and spacing: audit trails, histories and session timeouts behave as in
    /// production, only on another day.
    public static func pinned(at start: Date) -> AppClock {
        let origin = ProcessInfo.processInfo.systemUptime
        return AppClock(instant: { start.addingTimeInterval(ProcessInfo.processInfo.systemUptime - origin) })
    }

    /// `pinned(at:)` at `time` o'clock in Ashgabat (UTC+5, no daylight saving) on `date`.
    public static func pinned(on date: CalendarDate, hour: Int = 10) -> AppClock {
        let seconds = Double(date.dayNumber) * 86_400 + Double(hour - 5) * 3_600
        return pinned(at: Date(timeIntervalSince1970: seconds))
    }

    private static let box = NIOLockedValueBox(AppClock.system)

    /// The clock the whole process reads.
    public static var current: AppClock {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }

    /// The instant now, from the current clock.
    public static var now: Date { current.instant() }

    /// A new record id, from the current clock.
    public static func newID() -> UUID { current.makeID() }
}

extension CalendarDate {
    /// Today in Asia/Ashgabat by the current clock: the date every rule and page means by "today".
    package static var today: CalendarDate { ashgabat(secondsSince1970: AppClock.now.timeIntervalSince1970) }
}
