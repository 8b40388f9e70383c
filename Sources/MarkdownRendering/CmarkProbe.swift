import CCmarkGFM
public func cmarkProbe() -> String {
    cmark_gfm_core_extensions_ensure_registered()
    let ext = cmark_find_syntax_extension("table")
    return ext == nil ? "no" : "yes"
}
