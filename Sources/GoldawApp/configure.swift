import Fluent
import Leaf
import LeafKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawCare
import GoldawJustice
import GoldawIndicators
import GoldawTools

/// Sets up the application: settings, database and migrations, middleware, pages, commands.
/// Tests call it with their own settings; `run()` calls it for the real process.
public func configure(_ app: Application) async throws {
    try await configure(app, settings: .fromEnvironment())
}

package func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    if let raw = settings.clockDate {
        guard let date = CalendarDate(iso: raw) else {
            throw SettingsError(message: "GOLDAW_CLOCK_DATE must be a date as YYYY-MM-DD, not \(raw)")
        }
        AppClock.current = .pinned(on: date)
        app.logger.warning("the clock is pinned: today is \(date.iso) (GOLDAW_CLOCK_DATE)")
    }
    app.directory = AppDirectory.detect()
    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = ByteCount(value: settings.maxBodyBytes)
    app.localizer = try Localizer.load(directory: app.directory.resourcesDirectory + "Locales")
    app.rateLimiter = RateLimiter()

    Domains.register(AppDomains.all)
    try DatabaseSetup.configure(app, migrations: AppMigrations.all)

    ContentConfiguration.global.use(encoder: JSONEncoder.custom(dates: .iso8601), for: .json)
    app.leaf.tags["t"] = TranslateTag(localizer: app.localizer)
    // Parsed templates are cached in a release build whatever the environment name: Leaf's own
    // provider turns its cache off in the "development" environment, which is what `serve`
    // runs in without `--env`, and then every page re-read and re-parsed its templates
    // (a third of a page's time under load; docs/benchmarks.md). Debug builds re-read them, so
    // template edits show without a restart.
    let cacheTemplates = app.environment.isRelease
    app.views.use { app in
        let leaf = app.leaf
        var cache = leaf.cache
        cache.isEnabled = cacheTemplates
        var userInfo = leaf.userInfo
        userInfo["application"] = app
        return LeafRenderer(configuration: leaf.configuration, tags: leaf.tags, cache: cache, sources: leaf.sources,
                            eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
    }

    // Outermost first: metrics see the final status; errors become pages or problem documents;
    // security headers go on everything; static files are served before any database work.
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(metrics: app.requestMetrics))
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(RequestDeadlineMiddleware(seconds: settings.requestSeconds))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(MethodGuardMiddleware())
    app.middleware.use(LocaleMiddleware())
    app.middleware.use(StaticFileMiddleware(publicDirectory: app.directory.publicDirectory))

    try routes(app)

    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(RegistryBenchCommand(), as: "bench")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(IndicatorCommand(), as: "indicators")
}

package func routes(_ app: Application) throws {
    OperationsController.register(on: app)
    let pages = app.grouped(SessionMiddleware(), CSRFMiddleware())
    AccountController.register(public: pages, signedIn: pages.grouped(RequireSignInMiddleware()))
    let signedIn = pages.grouped(RequireSignInMiddleware())
    HomeController.register(on: signedIn)
    TerritoryController.register(on: signedIn)
    StaffController.register(on: signedIn)
    UserAdminController.register(on: signedIn)
    AuditController.register(on: signedIn)
    PeopleController.register(on: signedIn)
    PersonRecordsController.register(on: signedIn)
    HouseholdController.register(on: signedIn)
    DuplicatesController.register(on: signedIn)
    ImportController.register(on: signedIn)
    PersonRecordsController.registerCircumstances(on: signedIn)
    ApplicationsController.register(on: signedIn)
    EnrolmentController.register(on: signedIn)
    PayrollController.register(on: signedIn)
    ProgrammesController.register(on: signedIn)
    EmergencyController.register(on: signedIn)
    GrievanceController.register(on: signedIn)
    GrievancePublicController.register(on: pages)
    DirectoryController.register(staff: signedIn, public: pages)
    ReferralController.register(on: signedIn)
    InventoryController.register(on: signedIn)
    WorkforceController.register(on: signedIn)
    CasesController.register(on: signedIn)
    CaseSettingsController.register(on: signedIn)
    CareController.register(on: signedIn)
    JusticeController.register(on: signedIn)
    IndicatorsController.register(on: signedIn)
    APIController.register(on: app, operations: APIController.platform + UsersAPI.operations + RegistryAPI.operations + RegistryRecordsAPI.operations + ImportAPI.operations + BenefitsAPI.operations
                           + GrievanceAPI.operations + ServicesAPI.operations + CaseAPI.operations + CareAPI.operations + JusticeAPI.operations + IndicatorsAPI.operations,
                           schemas: [UsersAPI.schemas, RegistryRecordsAPI.schemas, ImportAPI.schemas, BenefitsAPI.schemas, ServicesAPI.schemas,
                                     ChildComplaintAPI.schemas, CaseAPI.schemas,
                                     CareAPI.schemas, JusticeAPI.schemas, IndicatorsAPI.schemas])
}

/// Every domain, in dependency order: what merges, territory changes, the profile and the home page ask.
package enum AppDomains {
    package static let all: [any DomainContract.Type] = [
        PlatformDomain.self, RegistryDomain.self, BenefitsDomain.self, GrievancesDomain.self,
        SocialServicesDomain.self, CasesDomain.self, CareDomain.self, JusticeDomain.self, IndicatorsDomain.self,
    ]
}

/// Runs the process: parses `--demo`, configures, migrates the embedded database when serving,
/// makes sure there is an administrator, then hands over to Vapor's command runner. Returns
/// the exit status: a failed command logs its error and exits with 1 (or its own code) instead
/// of crashing with a backtrace.
public func main() async -> Int32 {
    do {
        try await run()
        return 0
    } catch let exit as ExitCode {
        return exit.code
    } catch {
        return 1
    }
}

public func run() async throws {
    var env = try Environment.detect()
    var settings = Settings.fromEnvironment()
    if let index = env.arguments.firstIndex(of: "--demo") {
        env.arguments.remove(at: index)
        settings.demo = true
    }
    let jsonLogs = settings.jsonLogs
    try LoggingSystem.bootstrap(from: &env) { level in
        { label in
            var handler: any LogHandler = jsonLogs
                ? JSONLogHandler(label: label) : StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
    }
    let app = try await Application.make(env)
    do {
        try await configure(app, settings: settings)
        let command = env.arguments.dropFirst().first
        let serving = command == nil || command == "serve" || command?.hasPrefix("-") == true
        if serving {
            try await Startup.prepare(app)
        }
        try await app.execute()
    } catch {
        app.logger.report(error: error)
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
