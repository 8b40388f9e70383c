/// The files `sitegen new guide NAME` writes: a draft guide and its scenarios file, in the
/// formats the loader reads, which build and pass `check --strict` as they are.
enum GuideSkeleton {
    /// The guide's file and its scenarios file, by path relative to the site root.
    /// - Parameter schemaFolder: where the site keeps the JSON Schemas (relative to the root),
    ///   for the scenarios file's modeline; `nil` for none.
    static func files(name: String, scenariosPath: String, schemaFolder: String?) -> [(path: String, text: String)] {
        let modeline = schemaFolder.map { "# yaml-language-server: $schema=../../\($0)/scenarios.schema.json\n" } ?? ""
        let guide = """
            ---
            title: \(name)
            description: このガイドの説明を1文で書きます。
            # 下書きのあいだは sitegen build が書き出しません(sitegen serve では表示されます)。公開するときにこの行を消します。
            draft: true
            ---
            ここに手順を書きます。分岐は {% raw %}{% if 条件 %}…{% endif %}{% endraw %}、値は {% raw %}{{ ルール名 }}{% endraw %} で書きます。

            """
        let scenarios = """
            \(modeline)# ガイド \(name) のケース。1つのシナリオが1つのページになります。
            # ガイドが使う事実を facts: に書きます(事実は Content/rules/*.yml で宣言します)。
            guide: \(name)
            scenarios:
              - id: default
                title: 最初のケース
                facts: {}

            """
        return [("\(SitePaths.guides)/\(name).md", guide), (scenariosPath, scenarios)]
    }
}
