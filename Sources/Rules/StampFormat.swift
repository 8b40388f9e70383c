/// How `{{ expr | date: … }}` asks for a date to be written.
public enum StampFormat: Sendable, Hashable {
    /// A named format of `date_formats` in site.yml (`era`).
    case named(String)
    /// A CLDR pattern given in the directive (`"M月d日"`).
    case pattern(String)
}
