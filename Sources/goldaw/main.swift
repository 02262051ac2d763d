import Foundation
import GoldawApp

exit(await GoldawApp.main())
