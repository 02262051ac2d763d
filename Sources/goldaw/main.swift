import GoldawApp

try await GoldawApp.run()
