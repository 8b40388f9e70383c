import Templating

/// The names of the template variables docs/templates.md lists, interned once: a page's context
/// is built from these, so making it takes no lock and hashes no text.
extension TemplateKey {
    static let site: TemplateKey = "site"
    static let title: TemplateKey = "title"
    static let language: TemplateKey = "language"
    static let baseURL: TemplateKey = "base_url"
    static let search: TemplateKey = "search"
    static let contactText: TemplateKey = "contact_text"
    static let contactURL: TemplateKey = "contact_url"
    static let root: TemplateKey = "root"
    static let assets: TemplateKey = "assets"
    static let indexURL: TemplateKey = "index_url"
    static let glossaryURL: TemplateKey = "glossary_url"
    static let canonicalURL: TemplateKey = "canonical_url"
    static let buildDate: TemplateKey = "build_date"
    static let buildDateISO: TemplateKey = "build_date_iso"
    static let page: TemplateKey = "page"
    static let pageDescription: TemplateKey = "description"
    static let guides: TemplateKey = "guides"
    static let slug: TemplateKey = "slug"
    static let url: TemplateKey = "url"
    static let scenarioCount: TemplateKey = "scenario_count"
    static let guide: TemplateKey = "guide"
    static let draft: TemplateKey = "draft"
    static let content: TemplateKey = "content"
    static let questions: TemplateKey = "questions"
    static let hasQuestions: TemplateKey = "has_questions"
    static let pickerJSON: TemplateKey = "picker_json"
    static let rulesScript: TemplateKey = "rules_script"
    static let scenarios: TemplateKey = "scenarios"
    static let hasScenarios: TemplateKey = "has_scenarios"
    static let answers: TemplateKey = "answers"
    static let question: TemplateKey = "question"
    static let label: TemplateKey = "label"
    static let scenario: TemplateKey = "scenario"
    static let scenarioID: TemplateKey = "id"
    static let facts: TemplateKey = "facts"
    static let hasFacts: TemplateKey = "has_facts"
    static let factName: TemplateKey = "name"
    static let answer: TemplateKey = "answer"
    static let otherScenarios: TemplateKey = "other_scenarios"
    static let hasOtherScenarios: TemplateKey = "has_other_scenarios"
    static let hasMoreScenarios: TemplateKey = "has_more_scenarios"
    static let asOf: TemplateKey = "as_of"
    static let asOfISO: TemplateKey = "as_of_iso"
    static let asOfDepends: TemplateKey = "as_of_depends"
    static let deadlines: TemplateKey = "deadlines"
    static let hasDeadlines: TemplateKey = "has_deadlines"
    static let rule: TemplateKey = "rule"
    static let date: TemplateKey = "date"
    static let iso: TemplateKey = "iso"
    static let status: TemplateKey = "status"
    static let daysLeft: TemplateKey = "days_left"
    static let daysPast: TemplateKey = "days_past"
    static let isToday: TemplateKey = "is_today"
    static let ics: TemplateKey = "ics"
    static let icsName: TemplateKey = "ics_name"
    static let readerFields: TemplateKey = "reader_fields"
    static let hasReaderFields: TemplateKey = "has_reader_fields"
    static let input: TemplateKey = "input"
    static let value: TemplateKey = "value"
    static let isDefault: TemplateKey = "is_default"
    static let pageData: TemplateKey = "page_data"
    static let terms: TemplateKey = "terms"
    static let term: TemplateKey = "term"
    static let definition: TemplateKey = "definition"
    static let aliases: TemplateKey = "aliases"
    static let hasAliases: TemplateKey = "has_aliases"
    static let fact: TemplateKey = "fact"
    static let number: TemplateKey = "number"
    static let hasDefault: TemplateKey = "has_default"
    static let options: TemplateKey = "options"
    static let isRadio: TemplateKey = "is_radio"
    static let explanation: TemplateKey = "explanation"
}

extension TemplateKey {
    /// The name of every variable some page's context gives, at any depth (the keys above):
    /// `sitegen check` warns of a template that reads any other name, which would render as
    /// nothing. A test holds it to the keys above.
    static let provided: Set<String> = [
        "site", "title", "language", "base_url", "search", "contact_text", "contact_url", "root", "assets",
        "index_url", "glossary_url", "canonical_url", "build_date", "build_date_iso", "page", "description",
        "guides", "slug", "url", "scenario_count", "guide", "content", "questions", "has_questions",
        "picker_json", "rules_script", "scenarios", "has_scenarios", "answers", "question", "label",
        "scenario", "id", "facts", "has_facts", "name", "answer", "other_scenarios", "has_other_scenarios",
        "has_more_scenarios", "as_of", "as_of_iso", "as_of_depends", "deadlines", "has_deadlines", "rule",
        "date", "iso", "status", "days_left", "days_past", "is_today", "ics", "ics_name", "reader_fields",
        "has_reader_fields", "input", "value", "is_default", "page_data", "terms", "term", "definition",
        "aliases", "has_aliases", "fact", "number", "has_default", "options", "is_radio", "explanation", "draft",
    ]
}

