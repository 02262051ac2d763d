import Foundation
import GoldawCore

extension CalendarDate {
    /// Today in Asia/Ashgabat: the date every rule and page means by "today".
    static var today: CalendarDate { ashgabat(secondsSince1970: Date().timeIntervalSince1970) }
}
