import Foundation

/// The files sitegen carries in its binary: the default templates (the repository's
/// `Templates/`, docs/templates.md "Default templates") and the JSON Schemas of the YAML files
/// (`docs/schemas/`), which `sitegen init` writes into a new site.
///
/// SwiftPM embeds them from links in `Sources/SitegenKit/Defaults/` to those folders, so the
/// files writers edit are the only copy. Embedding flattens their names (`partials/header.mustache`
/// becomes `header_mustache`), so the tables below give each file its path again; a test holds
/// them to the folders, so a file added to either folder without a line here fails it.
public enum BuiltInFiles {
    /// One embedded file.
    public struct File: Sendable {
        /// The path relative to its folder: `layout.mustache`, `partials/header.mustache`.
        public let path: String
        /// Its bytes.
        public let bytes: [UInt8]

        /// Its bytes as `Data`.
        public var data: Data { Data(bytes) }
        /// Its text (every embedded file is UTF-8).
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The folder diagnostics name a default template by: `(built-in)/Templates/layout.mustache`.
    /// It cannot be a path in a site (no site file's path starts with `(`), so a default is never
    /// mistaken for the site's own file of the same name.
    public static let templatesFolder = "(built-in)/Templates"

    /// The default templates, `.mustache` files and `assets/`, by path inside `Templates/`.
    public static let templates: [File] = [
        File(path: "assets/favicon.svg", bytes: PackageResources.favicon_svg),
        File(path: "assets/page.js", bytes: PackageResources.page_js),
        File(path: "assets/picker.js", bytes: PackageResources.picker_js),
        File(path: "assets/scenario.js", bytes: PackageResources.scenario_js),
        File(path: "assets/search.js", bytes: PackageResources.search_js),
        File(path: "assets/sitegen-rules.js", bytes: PackageResources.sitegen_rules_js),
        File(path: "assets/style.css", bytes: PackageResources.style_css),
        File(path: "glossary.mustache", bytes: PackageResources.glossary_mustache),
        File(path: "guide.mustache", bytes: PackageResources.guide_mustache),
        File(path: "index.mustache", bytes: PackageResources.index_mustache),
        File(path: "layout.mustache", bytes: PackageResources.layout_mustache),
        File(path: "partials/footer.mustache", bytes: PackageResources.footer_mustache),
        File(path: "partials/header.mustache", bytes: PackageResources.header_mustache),
        File(path: "partials/search.mustache", bytes: PackageResources.search_mustache),
        File(path: "scenario.mustache", bytes: PackageResources.scenario_mustache),
    ]

    /// The JSON Schemas of a site's YAML files, by file name.
    public static let schemas: [File] = [
        File(path: "calendar.schema.json", bytes: PackageResources.calendar_schema_json),
        File(path: "glossary.schema.json", bytes: PackageResources.glossary_schema_json),
        File(path: "rules.schema.json", bytes: PackageResources.rules_schema_json),
        File(path: "scenarios.schema.json", bytes: PackageResources.scenarios_schema_json),
        File(path: "site.schema.json", bytes: PackageResources.site_schema_json),
    ]

    /// The bytes of the default template file whose site path is `path`
    /// (`(built-in)/Templates/assets/style.css`); `nil` for any other path.
    static func templateFile(at path: String) -> Data? {
        guard path.hasPrefix(templatesFolder + "/") else { return nil }
        let inside = path.dropFirst(templatesFolder.count + 1)
        return templates.first { $0.path == inside }?.data
    }
}
