/// The files `sitegen init` writes: a small site that builds and passes `check --strict`, and
/// shows each part of a site once (settings, a guide with a branch, a step and a reference to
/// it, a date rule with its deadline, scenarios, a glossary term), worded so that no one takes
/// it for a real procedure.
enum StarterSite {
    /// The slug of the example guide.
    static let guide = "example"

    /// The schema modeline for a YAML file at `path` (relative to the site root), pointing at
    /// `schemas/<kind>.schema.json`, which `init` writes beside `Content/`.
    static func modeline(_ kind: String, forFileAt path: String) -> String {
        let depth = path.split(separator: "/").count - 1
        return "# yaml-language-server: $schema=\(String(repeating: "../", count: depth))schemas/\(kind).schema.json\n"
    }

    /// What a site's version control leaves out: what `sitegen build` makes beside the sources
    /// (the output, the spare it keeps of the output before, its staging folders and lock) and
    /// the Pagefind that `scripts/search-setup` installs. `init` writes it only where the folder
    /// has no `.gitignore` of its own.
    static let gitignore = """
        # Made by sitegen build: the site, the copy of the site before it, and the staging folders
        # and lock beside them. Delete the line /Output/ to keep the built site in version control.
        /Output/
        /.Output.sitegen-*
        # Pagefind for site search, installed by sitegen's scripts/search-setup.
        /.venv-search/

        """

    /// Every file, by path relative to the site root.
    static var files: [(path: String, text: String)] {
        [
            ("Content/site.yml", modeline("site", forFileAt: "Content/site.yml") + siteFile),
            ("Content/guides/\(guide).md", guideFile),
            ("Content/rules/\(guide).yml", modeline("rules", forFileAt: "Content/rules/\(guide).yml") + rulesFile),
            ("Content/scenarios/\(guide).yml", modeline("scenarios", forFileAt: "Content/scenarios/\(guide).yml") + scenariosFile),
            ("Content/glossary.yml", modeline("glossary", forFileAt: "Content/glossary.yml") + glossaryFile),
        ]
    }

    private static let siteFile = """
        # サイトの設定(各キーの意味は sitegen の README の「site.yml」)
        title: サンプルサイト
        # 公開するときのURLに書き換えてください(正規URLと sitemap.xml に使われます)。
        base_url: https://help.example.com/
        language: ja
        time_zone: Asia/Tokyo
        date_formats:
          default: "y年M月d日(E)"
        # 営業日を数えるルール(business_day_on_or_before など)を書いたら、次の行の # を消して
        # 日本の祝日を休みにします(消さないと土日だけが休みになり、sitegen check が警告します)。
        # calendar: jp

        """

    private static let guideFile = """
        ---
        title: 【サンプル】ガイドの書き方の例
        description: sitegen init が作った見本です。このファイルを書き換えるか、消して新しいガイドを作ってください。
        order: 10
        ---
        {# このガイドは見本です。事実と計算ルールは Content/rules/example.yml、ケースは Content/scenarios/example.yml。 #}
        {# 新しいガイドは sitegen new guide NAME で作れます。 #}
        これは sitegen の見本のガイドです。実在の手続きではありません。
        読み手のケース(シナリオ)ごとに、当てはまる分岐だけを残したページが1つずつできます。

        ## 手順

        1. {% step "prepare" %}**見本の申込書を用意する**

           見本の期限は {{ sample_deadline }} です(`sample_start` の {{ sample_start }} から計算しています)。

        {% if online %}
        1. {% step "send" %}**見本のフォームから送る**

           手順{% ref "prepare" %}で用意した内容を入力します。
        {% else %}
        1. {% step "send" %}**見本の宛先へ郵送する**

           手順{% ref "prepare" %}で用意した申込書を同封します。
        {% endif %}

        ## 次にすること

        - 見出しや本文を書き換え、分岐(if)と Content/rules/ の事実を自分の手続きに合わせる。
        - `sitegen serve` で確かめながら書き、`sitegen check` で使われていない分岐やルールを見つける。

        """

    private static let rulesFile = """
        # 見本の事実と計算ルール(書き方は sitegen の README の「The rules library」)
        facts:
          online:
            type: bool
            question: (見本)フォームから送りますか?
          sample_start:
            type: date
            question: (見本)手続きを始める日はいつですか?
        rules:
          sample_deadline: sample_start + 14 days
        deadlines:
          sample_deadline: 見本の申込の期限

        """

    private static let scenariosFile = """
        # ガイド example のケース。1つのシナリオが1つのページになります。
        guide: example
        scenarios:
          - id: online
            title: フォームから送る場合
            facts:
              online: true
              sample_start: 2026-04-01

          - id: by-mail
            title: 郵送する場合
            facts:
              online: false
              sample_start: 2026-04-01

        """

    private static let glossaryFile = """
        # 用語集(書き方は sitegen の README の「glossary.yml」)。各ページで最初に出てくる語が定義へリンクされます。
        申込書:
          definition: (見本)手続きを申し込むための書類。用語集の書き方を示すための例です。

        """
}
