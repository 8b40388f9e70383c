import SitegenCLI

await SitegenCommand.runAndExit()
