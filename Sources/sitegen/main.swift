import SitegenCLI

await SitegenCommand.main()
