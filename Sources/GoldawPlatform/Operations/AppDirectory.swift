import Vapor

/// Finds the folder holding `Resources/` and `Public/`: `GOLDAW_ROOT` if set, else the working
/// directory, else the nearest parent of the executable (so `.build/debug/goldaw` works when
/// started from anywhere).
package enum AppDirectory {
    package static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> DirectoryConfiguration {
        func hasResources(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: path + "/Resources/Locales/platform.json")
        }
        if let root = environment["GOLDAW_ROOT"], !root.isEmpty {
            return DirectoryConfiguration(workingDirectory: root)
        }
        let cwd = FileManager.default.currentDirectoryPath
        if hasResources(cwd) { return DirectoryConfiguration(workingDirectory: cwd) }
        var candidate = URL(fileURLWithPath: CommandLine.arguments.first ?? cwd).resolvingSymlinksInPath().deletingLastPathComponent()
        while candidate.path != "/" {
            if hasResources(candidate.path) { return DirectoryConfiguration(workingDirectory: candidate.path) }
            candidate.deleteLastPathComponent()
        }
        return DirectoryConfiguration(workingDirectory: cwd)
    }
}
