import Fluent
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

/// Every migration of every domain, in order. A shipped migration is never edited; changes are new ones.
package enum AppMigrations {
    package static let all: [any Migration] = [
        M001_CreateTerritories(),
        M002_SeedTerritories(),
        M003_CreateAccounts(),
        M004_CreateAuditEvents(),
        M005_CreateRegistry(),
        M006_CreateRegistryImports(),
        M007_CreatePersonCircumstances(),
        M008_CreateBenefits(),
        M010_SeedBenefits(),
        M009_CreateGrievances(),
        M011_CreateServiceDirectory(),
        M012_CreateReferrals(),
        M013_CreateInventory(),
        M014_CreateWorkforce(),
        M015_SeedCensusPopulations(),
        M020_AddHorizontalMeasures(),
        M030_CreateCases(),
        M031_CreateCaseIncidents(),
        M032_CreateCaseTransfersConferences(),
        M040_CreateIndicators(),
        M041_AddPasswordExpiry(),
        M042_CreateCaseTeam(),
        M043_AddPasswordHistory(),
        M044_CreateImportHouseholds(),
        M045_RefoldNameKeys(),
        M046_CreateIdempotencyKeys(),
        M047_AddImportProgress(),
        M048_CreateCare(),
        M049_AddChildrenCountIndex(),
        M050_CreateJustice(),
        M052_AddChildComplaints(),
        M053_CreateCaseIntakes(),
    ]
}
