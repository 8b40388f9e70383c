/// How a stamped date is written, as the `date` filter asks (`{{ d | date: era }}`).
public enum StampFormat: Sendable, Hashable {
    /// A format named in the site's `date_formats` (`date: era`).
    case named(String)
    /// A CLDR pattern given in double quotes (`date: "M月d日"`), without the quotes.
    case pattern(String)
}
