/// Rules for passwords and sign-in attempts, kept free of storage so they can be tested alone.
public enum PasswordRules {
    public static let minimumLength = 10
    public static let maximumLength = 128

    public enum Problem: String, Sendable, Equatable {
        case tooShort = "password.too_short"
        case tooLong = "password.too_long"
        case sameAsUsername = "password.same_as_username"
        case tooSimple = "password.too_simple"
    }

    /// Passwords that pass the length rule but are the first ones any guesser tries.
    static let common: Set<String> = [
        "1234567890", "0987654321", "1234512345", "1q2w3e4r5t", "qwertyuiop", "asdfghjkl;",
        "password12", "password123", "password1234", "parol12345", "passw0rd12", "qwerty1234",
        "1qaz2wsx3edc", "iloveyou12", "administrator", "adminadmin", "turkmenistan", "ashgabat2024",
        "ашхабад2024", "йцукенгшщз", "пароль1234", "1234567890a", "a1234567890",
    ]

    public static func problems(password: String, username: String) -> [Problem] {
        var found: [Problem] = []
        if password.count < minimumLength { found.append(.tooShort) }
        if password.count > maximumLength { found.append(.tooLong) }
        if !username.isEmpty && password.lowercased() == username.lowercased() {
            found.append(.sameAsUsername)
        } else if (minimumLength...maximumLength).contains(password.count) && isTooSimple(password) {
            found.append(.tooSimple)
        }
        return found
    }

    /// Few distinct characters (`aaaaaaaaaa`, `ababababab`), one straight run of the keyboard or
    /// the alphabet (`abcdefghijk`, `9876543210`), or a password on the common list.
    static func isTooSimple(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if common.contains(lowered) { return true }
        if Set(lowered).count < 5 { return true }
        let scalars = lowered.unicodeScalars.map { Int($0.value) }
        let steps = Set(zip(scalars, scalars.dropFirst()).map { $1 - $0 })
        return steps == [1] || steps == [-1]
    }
}

/// Lockout after repeated failures: five wrong passwords lock the account for fifteen minutes.
public struct LockoutRule: Sendable {
    public let maxFailures: Int
    public let lockSeconds: Double

    public init(maxFailures: Int = 5, lockSeconds: Double = 15 * 60) {
        self.maxFailures = maxFailures
        self.lockSeconds = lockSeconds
    }

    /// After a failed attempt that brings the count to `failures`, until when (if at all) the
    /// account is locked.
    public func lockedUntil(failures: Int, now: Double) -> Double? {
        failures >= maxFailures ? now + lockSeconds : nil
    }

    public func isLocked(lockedUntil: Double?, now: Double) -> Bool {
        guard let until = lockedUntil else { return false }
        return now < until
    }
}

/// Usernames: lower-case ASCII letters, digits, dot, dash and underscore, 3 to 64 characters.
/// They appear in URLs, logs and the audit trail, so they are kept plain.
public enum UsernameRule {
    public static func isValid(_ name: String) -> Bool {
        guard (3...64).contains(name.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-" || scalar == "_"
        }
    }
}
