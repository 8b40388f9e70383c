import Diagnostics
import Foundation
import Rules

/// Folder and file names of a site (README.md, "A site on disk").
enum SitePaths {
    static let content = "Content"
    static let templates = "Templates"
    static let siteFile = "Content/site.yml"
    static let guides = "Content/guides"
    static let partials = "Content/partials"
    static let rules = "Content/rules"
    static let scenarios = "Content/scenarios"
    static let calendars = "Content/calendars"
    static let glossary = "Content/glossary.yml"
    static let contentAssets = "Content/assets"
    static let templateAssets = "Templates/assets"
}
