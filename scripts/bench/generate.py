#!/usr/bin/env python3
"""Write a synthetic sitegen site of G guides x S scenarios for the benchmark.

    scripts/bench/generate.py G S OUT_DIR

Writes, deterministically (seeded; the same arguments give the same bytes):

    OUT_DIR/site/       a sitegen site: Content/ (site.yml, calendars/jp.yml, rules/*.yml,
                        partials/*.md, glossary.yml, guides/gNNNN.md, scenarios/gNNNN.yml) and
                        Templates/ (copied from the repository as it is)
    OUT_DIR/resolved/   gNNNN/sNN.md: the Markdown that each (guide, scenario) page's
                        directives resolve to (branches taken, includes inlined, values
                        stamped as plain text, step references as links [3](#step-label))
    OUT_DIR/hugo/       the same pages as a Hugo site: config.toml, content/gNNNN/sNN.md with
                        front matter, layouts/_default/{single,list}.html, and
                        layouts-minimal/_default/{single,list}.html (title and content only)
    OUT_DIR/site-minimal/  the same sitegen site with templates of the title and content only,
                        for the comparison with Hugo's minimal layout

The resolved Markdown is computed here, in Python, by a small expander for exactly the subset
of directives this generator writes (own-line if/elif/else/endif, inline if/else/endif on one
line, {{ expr }} and {{ expr | date: name }}, own-line includes with indentation, step, ref,
one-line comments) and by evaluating the rules with datetime and the same holiday list. It
does not parse sitegen's expression language: every expression the generator writes is a key
of EXPRESSIONS below, so a new expression without a Python twin fails here, loudly.

Python 3 standard library only.
"""

import datetime as dt
import os
import random
import re
import shutil
import sys

D = dt.date
AS_OF = D(2026, 1, 15)  # the benchmark builds with --as-of 2026-01-15

# --------------------------------------------------------------------------------------------
# Calendar: Japanese holidays 2025-2028 (2025-2027 as in the sample site's calendar; 2028
# added: national holidays by the rules of the Act on National Holidays, equinoxes from the
# astronomical tables, and the same year-end closing days as the sample).

HOLIDAYS = {
    # 2025
    "2025-01-01": "元日", "2025-01-02": "年末年始休業", "2025-01-03": "年末年始休業",
    "2025-01-13": "成人の日", "2025-02-11": "建国記念の日", "2025-02-23": "天皇誕生日",
    "2025-02-24": "振替休日", "2025-03-20": "春分の日", "2025-04-29": "昭和の日",
    "2025-05-03": "憲法記念日", "2025-05-04": "みどりの日", "2025-05-05": "こどもの日",
    "2025-05-06": "振替休日", "2025-07-21": "海の日", "2025-08-11": "山の日",
    "2025-09-15": "敬老の日", "2025-09-23": "秋分の日", "2025-10-13": "スポーツの日",
    "2025-11-03": "文化の日", "2025-11-23": "勤労感謝の日", "2025-11-24": "振替休日",
    "2025-12-29": "年末年始休業", "2025-12-30": "年末年始休業", "2025-12-31": "年末年始休業",
    # 2026
    "2026-01-01": "元日", "2026-01-02": "年末年始休業", "2026-01-03": "年末年始休業",
    "2026-01-12": "成人の日", "2026-02-11": "建国記念の日", "2026-02-23": "天皇誕生日",
    "2026-03-20": "春分の日", "2026-04-29": "昭和の日", "2026-05-03": "憲法記念日",
    "2026-05-04": "みどりの日", "2026-05-05": "こどもの日", "2026-05-06": "振替休日",
    "2026-07-20": "海の日", "2026-08-11": "山の日", "2026-09-21": "敬老の日",
    "2026-09-22": "国民の休日", "2026-09-23": "秋分の日", "2026-10-12": "スポーツの日",
    "2026-11-03": "文化の日", "2026-11-23": "勤労感謝の日",
    "2026-12-29": "年末年始休業", "2026-12-30": "年末年始休業", "2026-12-31": "年末年始休業",
    # 2027
    "2027-01-01": "元日", "2027-01-02": "年末年始休業", "2027-01-03": "年末年始休業",
    "2027-01-11": "成人の日", "2027-02-11": "建国記念の日", "2027-02-23": "天皇誕生日",
    "2027-03-21": "春分の日", "2027-03-22": "振替休日", "2027-04-29": "昭和の日",
    "2027-05-03": "憲法記念日", "2027-05-04": "みどりの日", "2027-05-05": "こどもの日",
    "2027-07-19": "海の日", "2027-08-11": "山の日", "2027-09-20": "敬老の日",
    "2027-09-23": "秋分の日", "2027-10-11": "スポーツの日", "2027-11-03": "文化の日",
    "2027-11-23": "勤労感謝の日",
    "2027-12-29": "年末年始休業", "2027-12-30": "年末年始休業", "2027-12-31": "年末年始休業",
    # 2028
    "2028-01-01": "元日", "2028-01-02": "年末年始休業", "2028-01-03": "年末年始休業",
    "2028-01-10": "成人の日", "2028-02-11": "建国記念の日", "2028-02-23": "天皇誕生日",
    "2028-03-20": "春分の日", "2028-04-29": "昭和の日", "2028-05-03": "憲法記念日",
    "2028-05-04": "みどりの日", "2028-05-05": "こどもの日", "2028-07-17": "海の日",
    "2028-08-11": "山の日", "2028-09-18": "敬老の日", "2028-09-22": "秋分の日",
    "2028-10-09": "スポーツの日", "2028-11-03": "文化の日", "2028-11-23": "勤労感謝の日",
    "2028-12-29": "年末年始休業", "2028-12-30": "年末年始休業", "2028-12-31": "年末年始休業",
}
HOLIDAY_DATES = {D.fromisoformat(k) for k in HOLIDAYS}
CAL_YEARS = {d.year for d in HOLIDAY_DATES}


def is_business_day(d):
    if d.year not in CAL_YEARS:
        raise ValueError(f"{d} is outside the calendar")
    return d.weekday() < 5 and d not in HOLIDAY_DATES


def business_day_on_or_before(d):
    while not is_business_day(d):
        d -= dt.timedelta(days=1)
    return d


def business_day_on_or_after(d):
    while not is_business_day(d):
        d += dt.timedelta(days=1)
    return d


def add_business_days(d, n):
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        d += dt.timedelta(days=step)
        if is_business_day(d):
            left -= 1
    return d


def add_months(d, n):
    """Keep the day of the month, clamp to the month's last day (docs/language.md, durations)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = (D(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return D(y, m, min(d.day, last))


def end_of_month(d):
    return add_months(D(d.year, d.month, 1), 1) - dt.timedelta(days=1)


def days(n):
    return dt.timedelta(days=n)


# --------------------------------------------------------------------------------------------
# The rules library: facts, and rules as (sitegen expression, Python twin).

PLANS = {
    "light": "ライトプラン",
    "standard": "スタンダードプラン",
    "business": "ビジネスプラン",
    "enterprise": "エンタープライズプラン",
    "partner": "販売パートナー経由のご契約",
}

FACTS_YAML = """\
facts:
  plan:
    type: choice
    question: ご契約のプランはどれですか?(管理画面の「契約の詳細」に表示されます)
    choices:
      light: ライトプラン
      standard: スタンダードプラン
      business: ビジネスプラン
      enterprise: エンタープライズプラン
      partner: 販売パートナー経由のご契約
  auto_renew:
    type: bool
    question: 自動更新を設定していますか?
  wildcard:
    type: bool
    question: ワイルドカード証明書をお使いですか?
  server_count:
    type: int
    question: 証明書を設定するサーバは何台ですか?
  domain:
    type: string
    question: 証明書のコモンネームは何ですか?
  expiry:
    type: date
    question: 今の証明書の有効期限はいつですか?
  action_date:
    type: date
    question: 手続きを行う日はいつですか?
    default: today
"""

# name: (expression as written in Content/rules, Python twin over the environment)
RULES = [
    ("cutover", "2026-10-01", lambda e: D(2026, 10, 1)),
    ("complete_by", "expiry - 1 month", lambda e: add_months(e["expiry"], -1)),
    ("notice_from", "expiry - 30 days", lambda e: e["expiry"] - days(30)),
    ("cancel_by", "notice_from - 1 day", lambda e: e["notice_from"] - days(1)),
    ("contact_by", "business_day_on_or_before(cancel_by)", lambda e: business_day_on_or_before(e["cancel_by"])),
    ("ship_by", "action_date + 3 business days", lambda e: add_business_days(e["action_date"], 3)),
    ("renewal_deadline", "business_day_on_or_after(expiry - 2 weeks)", lambda e: business_day_on_or_after(e["expiry"] - days(14))),
    ("review_on", "end_of_month(expiry + 1 month)", lambda e: end_of_month(add_months(e["expiry"], 1))),
    ("next_expiry", "expiry + 1 year", lambda e: add_months(e["expiry"], 12)),
    ("days_left", "expiry - action_date", lambda e: (e["expiry"] - e["action_date"]).days),
    ("fee", "3300", lambda e: 3300),
    ("before_cutover", "action_date < cutover", lambda e: e["action_date"] < e["cutover"]),
    ("late", "action_date > complete_by", lambda e: e["action_date"] > e["complete_by"]),
    ("urgent", "days_left <= 14", lambda e: e["days_left"] <= 14),
    ("expired", "days_left < 0", lambda e: e["days_left"] < 0),
    ("premium", 'plan in ["business", "enterprise"]', lambda e: e["plan"] in ("business", "enterprise")),
    ("via_partner", 'plan == "partner"', lambda e: e["plan"] == "partner"),
    ("many_servers", "server_count >= 10", lambda e: e["server_count"] >= 10),
    ("deadline_passed", "action_date > cancel_by", lambda e: e["action_date"] > e["cancel_by"]),
    ("contact_moved", "contact_by != cancel_by", lambda e: e["contact_by"] != e["cancel_by"]),
    ("in_notice_window", "notice_from <= action_date and action_date <= expiry",
     lambda e: e["notice_from"] <= e["action_date"] <= e["expiry"]),
]

# Every expression the guides and partials use, with its Python twin. Names of facts and rules
# are added below.
EXPRESSIONS = {
    'plan == "standard"': lambda e: e["plan"] == "standard",
    'plan == "light"': lambda e: e["plan"] == "light",
    "not before_cutover": lambda e: not e["before_cutover"],
    "not auto_renew": lambda e: not e["auto_renew"],
    "wildcard and many_servers": lambda e: e["wildcard"] and e["many_servers"],
    "urgent and not expired": lambda e: e["urgent"] and not e["expired"],
    "cutover - 1 day": lambda e: e["cutover"] - days(1),
    "end_of_month(action_date)": lambda e: end_of_month(e["action_date"]),
    "complete_by - 1 week": lambda e: e["complete_by"] - days(7),
}
for _name in ["plan", "auto_renew", "wildcard", "server_count", "domain", "expiry", "action_date"]:
    EXPRESSIONS[_name] = (lambda n: lambda e: e[n])(_name)
for _name, _src, _fn in RULES:
    EXPRESSIONS[_name] = (lambda n: lambda e: e[n])(_name)


def environment(facts):
    env = dict(facts)
    env.setdefault("action_date", AS_OF)
    for name, _src, fn in RULES:
        env[name] = fn(env)
    return env


# --------------------------------------------------------------------------------------------
# Stamping, as sitegen does (README.md, stamps): dates in the site's formats, choices as labels, ints
# with digit grouping, strings as they are.

WEEKDAYS = "月火水木金土日"


def fmt_date(d, name):
    if name == "default":
        return f"{d.year}年{d.month}月{d.day}日({WEEKDAYS[d.weekday()]})"
    if name == "era":  # GGGGy年M月d日; Reiwa 1 = 2019, the dates here are 2025-2029
        assert d >= D(2020, 1, 1)
        return f"令和{d.year - 2018}年{d.month}月{d.day}日"
    if name == "iso":
        return d.isoformat()
    if name == "short":
        return f"{d.month}月{d.day}日"
    raise KeyError(name)


def stamp(value, fmt=None):
    if isinstance(value, bool):
        raise TypeError("a bool cannot be stamped")
    if isinstance(value, D):
        return fmt_date(value, fmt or "default")
    assert fmt is None
    if isinstance(value, int):
        return f"{value:,}"
    if value in PLANS:
        return PLANS[value]
    return value


# --------------------------------------------------------------------------------------------
# The expander for the subset of directives written here.

OWN_LINE = re.compile(r'^([ \t]*)(?:\{%\s*(if|elif|else|endif|include)\b(.*?)%\}|\{#.*?#\})[ \t]*\n?$')
INLINE_IF = re.compile(r'\{%\s*if\s+(.+?)\s*%\}(.*?)\{%\s*else\s*%\}(.*?)\{%\s*endif\s*%\}')
STAMP = re.compile(r'\{\{\s*(.+?)\s*(?:\|\s*date:\s*(\w+)\s*)?\}\}')
STEP = re.compile(r'\{%\s*step\s+"([^"]+)"\s*%\}')
REF = re.compile(r'\{%\s*ref\s+"([^"]+)"\s*%\}')
COMMENT = re.compile(r'\{#.*?#\}')
STEP_MARK = "\x00S{}\x00"
REF_MARK = "\x00R{}\x00"


def evaluate(expr, env):
    return EXPRESSIONS[expr.strip()](env)


def indent(text, prefix):
    if not text:
        return ""
    out = []
    at_start = True
    for ch in text:
        if at_start and ch != "\n":
            out.append(prefix)
        out.append(ch)
        at_start = ch == "\n"
    if not at_start:
        out.append("\n")
    return "".join(out)


def expand_inline(line, env):
    line = INLINE_IF.sub(lambda m: m.group(2) if evaluate(m.group(1), env) else m.group(3), line)
    line = COMMENT.sub("", line)
    line = STEP.sub(lambda m: STEP_MARK.format(m.group(1)), line)
    line = REF.sub(lambda m: REF_MARK.format(m.group(1)), line)
    line = STAMP.sub(lambda m: stamp(evaluate(m.group(1), env), m.group(2)), line)
    assert "{%" not in line and "{{" not in line, line
    return line


def expand(text, env, partials):
    out = []
    stack = []  # [parent_active, taken]
    active = True
    for line in text.splitlines(keepends=True):
        m = OWN_LINE.match(line)
        if m:
            kind, arg = m.group(2), (m.group(3) or "").strip()
            if kind is None:  # comment
                continue
            if kind == "if":
                holds = active and evaluate(arg, env)
                stack.append([active, holds])
                active = holds
            elif kind == "elif":
                parent, taken = stack[-1]
                holds = parent and not taken and evaluate(arg, env)
                stack[-1][1] = taken or holds
                active = holds
            elif kind == "else":
                parent, taken = stack[-1]
                active = parent and not taken
                stack[-1][1] = True
            elif kind == "endif":
                active = stack.pop()[0]
            elif kind == "include" and active:
                name = re.fullmatch(r'"([^"]+)"', arg).group(1)
                out.append(indent(expand(partials[name], env, partials), m.group(1)))
            continue
        if active:
            out.append(expand_inline(line, env))
    assert not stack
    return "".join(out)


def number_steps(md):
    """Give every step the number cmark-gfm will show: the generator writes ordered lists as
    `1. ` at column 0 (steps) and `   1. ` at column 3 (sub-steps), so positions are enough."""
    numbers = {}
    top = sub = 0
    for line in md.split("\n"):
        if line.startswith("1. "):
            top, sub = top + 1, 0
            path = str(top)
        elif line.startswith("   1. ") and top:
            sub += 1
            path = f"{top}.{sub}"
        else:
            if line.strip():
                if not line.startswith(" "):
                    top = sub = 0  # a paragraph or heading at column 0 ends the list
                elif not line.startswith("      "):
                    sub = 0  # content of the step itself ends its sub-list
            path = None
        for label in re.findall("\x00S(.+?)\x00", line):
            assert path, f"step {label} outside a list item"
            numbers[label] = path
    md = re.sub("\x00S(.+?)\x00", "", md)
    return re.sub("\x00R(.+?)\x00", lambda m: f"[{numbers[m.group(1)]}](#step-{m.group(1)})", md)


def resolve(body, facts, partials):
    return number_steps(expand(body, environment(facts), partials))


# --------------------------------------------------------------------------------------------
# Text.

GLOSSARY = [
    ("サーバ証明書", "Webサイトの運営者が実在し、通信相手のサーバが本物であることを認証局が証明する電子証明書。", ["SSL証明書"]),
    ("認証局", "申請内容を審査し、サーバ証明書に署名して発行する機関。", ["CA"]),
    ("CSR", "証明書署名要求(Certificate Signing Request)。証明書の発行を申請するときに提出するデータ。", ["証明書署名要求"]),
    ("秘密鍵", "サーバ証明書と対になる鍵。サーバの外に出さずに保管する。", ["プライベートキー"]),
    ("中間CA証明書", "ルート認証局とサーバ証明書の間をつなぐ認証局の証明書。", ["中間証明書"]),
    ("コモンネーム", "証明書で保護するサイトのホスト名。", ["Common Name"]),
    ("ワイルドカード証明書", "同じドメインの複数のサブドメインで使える証明書。", []),
    ("有効期限", "証明書が有効である最後の日。", []),
    ("自動更新", "有効期限の前に、次の期間の契約を自動で申し込む設定。", []),
    ("更新手続き期間", "有効期限の30日前から始まる、次回更新の手続きを受け付ける期間。", []),
    ("運用管理担当者", "サービスグループの設定を変更できる権限を持つ担当者。", ["管理担当者"]),
    ("サービスコード", "契約ごとに割り当てられる英数字の識別子。", []),
    ("契約番号", "ご契約ごとに発行される番号。問い合わせのときに伝える。", []),
    ("管理画面", "契約の確認や変更を行うWeb画面。", ["ポータル"]),
    ("二要素認証", "パスワードに加えて確認コードを求めるログイン方式。", ["2段階認証"]),
    ("ドメイン認証", "ドメインの使用権だけを確認して発行する証明書の審査方式。", ["DV"]),
    ("組織認証", "組織の実在も確認して発行する証明書の審査方式。", ["OV"]),
    ("失効", "有効期限の前に証明書を使えなくする手続き。", []),
    ("再発行", "同じ契約のまま証明書を発行し直すこと。", []),
    ("請求書", "月ごとの利用料金をまとめた書類。", []),
]

TOPICS = ["サーバ証明書の更新", "証明書の再発行", "ワイルドカード証明書の追加", "契約プランの変更",
          "サーバの移転", "証明書の失効", "運用管理担当者の変更", "請求先の変更",
          "二要素認証の設定", "中間CA証明書の入れ替え", "組織認証への切り替え", "契約の解約"]
OBJECTS = ["証明書", "申込書", "CSR", "秘密鍵", "設定ファイル", "確認メール", "請求書", "契約内容",
           "サービスコード", "契約番号", "管理画面の設定", "中間CA証明書"]
VERBS = ["確認します", "控えておきます", "用意します", "提出します", "見直します", "保存します",
         "更新します", "登録します", "削除します", "送付します"]
SENTENCES = [
    "作業の前に、{o}がお手元にあることを確かめてください。",
    "{o}は、手続きが終わるまで大切に保管してください。",
    "管理画面から{o}を開き、内容に誤りがないかを{v}。",
    "認証局の審査には数日かかることがあるため、余裕をもって進めてください。",
    "運用管理担当者以外の方は、この手続きを行えません。",
    "サーバ証明書の入れ替え中も、通常はhttps通信に影響はありません。",
    "ご不明な点は、契約番号を添えて弊社サポート窓口にお問い合わせください。",
    "{o}の内容が変わった場合は、あらためて{o}を{v}。",
    "CSRは証明書を使うサーバ上で作成し、秘密鍵はサーバの外に出さないでください。",
    "ワイルドカード証明書は、同じドメインの複数のサブドメインでお使いいただけます。",
    "中間CA証明書は、サーバ証明書と一緒にサーバへ設定してください。",
    "二要素認証を設定している場合は、確認コードの入力を求められます。",
    "手続きの状況は、管理画面の「申込履歴」でいつでも確かめられます。",
    "期限の直前は申し込みが混み合うため、早めの手続きをおすすめします。",
    "この画面で{o}を{v}と、確認メールが届きます。",
    "複数の契約をお持ちの場合は、契約ごとに同じ手順を繰り返してください。",
    "組織認証の証明書では、組織の実在確認のお電話を差し上げることがあります。",
    "ドメイン認証の証明書は、審査が終わりしだい発行されます。",
    "サービスコードは、管理画面の「契約の詳細」に表示されます。",
    "失効した証明書は、元に戻すことができません。",
]
ASCII_LINES = ["openssl req -new -key server.key -out server.csr",
               "openssl x509 -in server.crt -noout -dates",
               "openssl verify -CAfile chain.pem server.crt"]

PARTIALS = {
    "login": """{# 管理画面の開き方 #}
管理画面(<https://portal.example.jp/>)にログインし、次の順に画面を移動します。

トップページ > 契約の管理 > 証明書 > 契約の詳細
""",
    "csr-rules": """{# CSR の決まり #}
CSRには、次の決まりがあります。

- コモンネームは、今の証明書と同じにしてください。
- 鍵長は RSA 2048bit 以上にしてください。
- 組織名や所在地は、登記されている表記どおりに入れてください。
""",
    "contact": """担当営業へは、遅くとも{{ contact_by }}までにご連絡ください。
{% if contact_moved %}
{{ cancel_by | date: short }}は弊社の休業日にあたるため、その前の営業日を期限としています。
{% endif %}
""",
    "fee": """{% if premium %}
{{ plan }}では、この手続きの手数料はかかりません。
{% else %}
この手続きには、手数料 {{ fee }} 円(税別)がかかります。翌月の請求書に記載されます。
{% endif %}
""",
    "cancel": """{# 解約の案内。contact を中で読み込む(入れ子の include) #}
| 期間 | 申し込み先 |
|---|---|
| {{ notice_from }}〜{{ expiry }} | 管理画面 |
| 上記以外 | 弊社担当営業 |

{% if in_notice_window %}
手続き日は更新手続き期間にあたるので、管理画面から申し込めます。
{% elif deadline_passed %}
手続き日の{{ action_date }}は、解約の期限({{ cancel_by }})を過ぎています。至急、担当営業にご確認ください。
{% else %}
{% include "contact" %}
{% endif %}
""",
    "wildcard": """{% if wildcard %}
ワイルドカード証明書では、`*.{{ domain }}` の形でコモンネームを指定します。
{% else %}
コモンネームには `{{ domain }}` をそのまま指定します。
{% endif %}
""",
    "servers": """証明書を設定するサーバは {{ server_count }} 台です。
{% if many_servers %}
台数が多いため、設定ファイルの配布には構成管理ツールのご利用をおすすめします。
{% endif %}
""",
    "ship": """証明書ファイルは、手続き日から3営業日後の{{ ship_by }}までにお送りします。
""",
    "renewal": """次回の更新手続きの期限は{{ renewal_deadline }}、更新後の有効期限は{{ next_expiry | date: era }}です。
""",
    "note": """> **ご注意** 手続きは{{ complete_by }}までに終えることをおすすめします。
{% if late %}
>
> この日はすでに過ぎています。できるだけ早く進めてください。
{% endif %}
""",
}


def sentences(rng, n):
    return "".join(rng.choice(SENTENCES).format(o=rng.choice(OBJECTS), v=rng.choice(VERBS)) for _ in range(n))


def guide_source(i, rng):
    """One guide of about 5 KB, with about 20 directives, 3 headings, an ordered list of steps
    with sub-steps, a table, a code block and includes of partials."""
    topic = TOPICS[i % len(TOPICS)]
    p = []
    p.append(f"""---
title: "{topic}(手順 {i:04d})"
description: {topic}の手続きを、お客様のご契約と日程に合わせてご案内します
order: {i}
---
{{# 生成されたガイド {i:04d}。分岐: プラン、自動更新、ワイルドカード、台数、手続き日と切り替え日、期限。 #}}
{topic}の手順です。このページには、お客様の条件に当てはまる手順と日付だけを載せています。{sentences(rng, 2)}

| 項目 | このページの条件 |
|---|---|
| ご契約のプラン | {{{{ plan }}}} |
| 自動更新 | {{% if auto_renew %}}設定あり{{% else %}}設定なし{{% endif %}} |
| 有効期限 | {{{{ expiry }}}} |
| 手続きを行う日 | {{{{ action_date }}}}(有効期限まで {{{{ days_left }}}} 日) |
| すべてを終える目安 | {{{{ complete_by }}}} |

有効期限は和暦では{{{{ expiry | date: era }}}}、ISO 8601 形式では `{{{{ expiry | date: iso }}}}` です。

{{% if urgent and not expired %}}
> **ご注意** 有効期限まで残りわずかです。{{{{ expiry }}}}までに必ず手続きを終えてください。

{{% elif expired %}}
> **ご注意** 有効期限の{{{{ expiry }}}}をすでに過ぎています。新しい証明書の申し込みが必要です。

{{% endif %}}
{{% if premium %}}
{{{{ plan }}}}のお客様は、専任の担当者が手続きをお手伝いします。{sentences(rng, 1)}
{{% elif plan == "standard" %}}
{{{{ plan }}}}のお客様は、管理画面からすべての手続きを行えます。{sentences(rng, 1)}
{{% elif via_partner %}}
販売パートナー経由のご契約では、手続きは販売パートナーが行います。{sentences(rng, 1)}
{{% else %}}
{{{{ plan }}}}では、一部の手続きを書面で行います。{sentences(rng, 1)}
{{% endif %}}

## 事前に確認すること

{{% include "login" %}}

{sentences(rng, 3)}

{{% include "{rng.choice(['wildcard', 'servers'])}" %}}

## 手順

次の順に進めてください。{sentences(rng, 1)}

1. {{% step "prepare" %}}**{rng.choice(OBJECTS)}を用意する**

   {sentences(rng, 2)}

   {{% include "csr-rules" %}}

{{% if not auto_renew %}}
1. {{% step "apply" %}}**更新を申し込む**

   {sentences(rng, 2)}手順[0]で用意したものを使います。

   1. {{% step "apply-form" %}}管理画面で申込フォームを開きます。{sentences(rng, 1)}
   1. {{% step "apply-send" %}}内容を確かめて送信します。フォームは手順{{% ref "apply-form" %}}で開いたものです。

{{% endif %}}
1. {{% step "install" %}}**新しい証明書をサーバに設定する**

   {sentences(rng, 2)}

   ```sh
   {rng.choice(ASCII_LINES)}
   certctl install --domain {{{{ domain }}}} --expires {{{{ expiry | date: iso }}}} --servers {{{{ server_count }}}}
   ```

   {{% include "{rng.choice(['servers', 'wildcard', 'ship'])}" %}}

{{% if before_cutover %}}
1. {{% step "cancel" %}}**旧契約の解約を申し込む**

   手続き日の{{{{ action_date }}}}は{{{{ cutover - 1 day }}}}以前なので、旧契約の解約申込が必要です。

   {{% include "cancel" %}}

{{% endif %}}
1. {{% step "confirm" %}}**設定を確かめる**

   手順{{% ref "install" %}}で設定した証明書が使われていることを確かめます。{sentences(rng, 2)}

{{% if not before_cutover %}}
## 旧契約の解約について

手続き日の{{{{ action_date }}}}は{{{{ cutover }}}}以後なので、解約申込は要りません。旧契約は{{{{ expiry }}}}に自動で終了します。

{{% endif %}}
## 日程のまとめ

{{% include "note" %}}

{{% include "{rng.choice(['fee', 'renewal'])}" %}}

更新手続き期間は{{{{ notice_from }}}}から始まります。期間が終わった月の末日({{{{ review_on | date: short }}}})に、次の契約内容をお知らせします。{sentences(rng, 3)}

{{% if wildcard and many_servers %}}
- サーバごとに、手順{{% ref "install" %}}を繰り返してください。
- 設定を終えたサーバは、一覧表に記録してください。
- ~~旧証明書の一括削除~~ は行わないでください。
{{% endif %}}
""")
    text = "".join(p)
    # the step "prepare" is referred to from inside the apply branch
    text = text.replace("手順[0]", '手順{% ref "prepare" %}')
    # fill to about 5 KB with prose at the end of the intro
    extra = []
    while len(text.encode()) + sum(len(x.encode()) for x in extra) < 5000:
        extra.append(sentences(rng, 3) + "\n\n")
    return text + ("\n## 補足\n\n" + "".join(extra) if extra else "")


def scenario_facts(i, j, rng):
    plan = list(PLANS)[(i + j) % len(PLANS)]
    expiry = D(2026, 1, 10) + days(rng.randrange(0, 700))
    lead = [200, 120, 75, 40, 33, 29, 20, 10, 3, -5][(i * 7 + j) % 10] + rng.randrange(0, 5)
    facts = {
        "plan": plan,
        "auto_renew": j % 2 == 0,
        "wildcard": (j // 2) % 2 == 1,
        "server_count": [1, 2, 3, 5, 8, 12, 40, 150, 1200][(i + 3 * j) % 9],
        "domain": f"www{j}.example{i}.jp",
        "expiry": expiry,
    }
    if j % 7 != 3:  # otherwise the default: today (the --as-of date)
        facts["action_date"] = expiry - days(lead)
    return facts


def scenario_title(facts):
    parts = [PLANS[facts["plan"]], f"有効期限 {fmt_date(facts['expiry'], 'default')}"]
    if "action_date" in facts:
        parts.append(f"{fmt_date(facts['action_date'], 'short')}に手続き")
    if facts["wildcard"]:
        parts.append("ワイルドカード")
    return " / ".join(parts)


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


# --------------------------------------------------------------------------------------------
# Writing.

HUGO_CONFIG = """baseURL = "https://help.example.jp/ssl/"
languageCode = "ja"
title = "証明書ヘルプ(ベンチマーク)"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = false
"""

HUGO_SINGLE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body>
<header class="site-header"><a class="site-title" href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<nav class="breadcrumbs"><ol><li><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></li><li><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></li><li aria-current="page">{{ .Title }}</li></ol></nav>
<main id="main">
<article class="guide">
<h1>{{ .CurrentSection.Title }}</h1>
<p class="scenario-title">{{ .Title }}</p>
<div class="guide-body">
{{ .Content }}
</div>
<nav class="other-cases">
<h2>このガイドのほかのケース</h2>
<ul>
{{ range .CurrentSection.RegularPages }}{{ if ne .RelPermalink $.RelPermalink }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ end }}</ul>
</nav>
</article>
</main>
<footer class="site-footer"><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"""

def minimal_layout(title, content=""):
    """The minimal layout, alike for Hugo and sitegen: the page's title and its content."""
    return ('<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n{content}</body>\n</html>\n")


HUGO_MINIMAL = minimal_layout("{{ .Title }}", "{{ .Content }}\n")
SITEGEN_MINIMAL = minimal_layout("{{page.title}}", "{{{content}}}\n")
SITEGEN_MINIMAL_TITLE_ONLY = minimal_layout("{{page.title}}")

HUGO_LIST = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body>
<header class="site-header"><a class="site-title" href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main id="main">
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</main>
<footer class="site-footer"><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: generate.py G S OUT_DIR")
    g_count, s_count, out = int(argv[1]), int(argv[2]), argv[3]
    if not (1 <= g_count <= 9999 and 1 <= s_count <= 99):
        sys.exit("generate.py: G must be 1..9999 and S 1..99")
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    for sub in ("site", "resolved", "hugo", "site-minimal"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    site, resolved_dir, hugo = (os.path.join(out, s) for s in ("site", "resolved", "hugo"))
    content = os.path.join(site, "Content")

    write(os.path.join(content, "site.yml"), """title: 証明書ヘルプ(ベンチマーク)
base_url: "https://help.example.jp/ssl/"
language: ja
time_zone: Asia/Tokyo
date_formats:
  default: "y年M月d日(E)"
  era: "GGGGy年M月d日"
  iso: "yyyy-MM-dd"
  short: "M月d日"
calendar: jp
unsafe_html: false
""")
    write(os.path.join(content, "calendars", "jp.yml"),
          "# 2025〜2028年の祝日と年末年始休業(ベンチマーク用)\nholidays:\n"
          + "".join(f"  {k}: {v}\n" for k, v in sorted(HOLIDAYS.items())))
    write(os.path.join(content, "rules", "facts.yml"), "# ベンチマーク用の事実\n" + FACTS_YAML)
    half = len(RULES) // 2
    for name, part in (("dates", RULES[:half]), ("conditions", RULES[half:])):
        write(os.path.join(content, "rules", f"{name}.yml"),
              "rules:\n" + "".join(f"  {n}: {src}\n" for n, src, _ in part))
    for name, text in PARTIALS.items():
        write(os.path.join(content, "partials", f"{name}.md"), text)
    write(os.path.join(content, "glossary.yml"), "".join(
        f"{term}:\n  definition: {d}\n  aliases: [{', '.join(a)}]\n" for term, d, a in GLOSSARY))
    shutil.copytree(os.path.join(repo, "Templates"), os.path.join(site, "Templates"))

    write(os.path.join(hugo, "config.toml"), HUGO_CONFIG)
    write(os.path.join(hugo, "layouts", "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(hugo, "layouts", "_default", "list.html"), HUGO_LIST)
    for name in ("single", "list"):
        write(os.path.join(hugo, "layouts-minimal", "_default", f"{name}.html"), HUGO_MINIMAL)
    write(os.path.join(hugo, "content", "_index.md"), '---\ntitle: "証明書ヘルプ(ベンチマーク)"\n---\n')

    rng = random.Random(20260115)
    for i in range(1, g_count + 1):
        slug = f"g{i:04d}"
        source = guide_source(i, rng)
        write(os.path.join(content, "guides", f"{slug}.md"), source)
        front, body = source.split("\n---\n", 1)
        title = re.search(r'^title: "(.*)"$', front, re.M).group(1)
        write(os.path.join(hugo, "content", slug, "_index.md"), f"---\ntitle: {yaml_str(title)}\n---\n")
        lines = [f"guide: {slug}\nscenarios:\n"]
        for j in range(1, s_count + 1):
            sid = f"s{j:02d}"
            facts = scenario_facts(i, j, rng)
            stitle = scenario_title(facts)
            lines.append(f"  - id: {sid}\n    title: {yaml_str(stitle)}\n    facts:\n")
            lines.extend(f"      {k}: {yaml_value(v)}\n" for k, v in facts.items())
            md = resolve(body, facts, PARTIALS)
            write(os.path.join(resolved_dir, slug, f"{sid}.md"), md)
            write(os.path.join(hugo, "content", slug, f"{sid}.md"),
                  f"---\ntitle: {yaml_str(stitle)}\n---\n{md}")
        write(os.path.join(content, "scenarios", f"{slug}.yml"), "".join(lines))

    minimal = os.path.join(out, "site-minimal")
    shutil.copytree(content, os.path.join(minimal, "Content"))
    for name, text in (("layout", SITEGEN_MINIMAL_TITLE_ONLY), ("scenario", SITEGEN_MINIMAL), ("guide", SITEGEN_MINIMAL),
                       ("index", SITEGEN_MINIMAL_TITLE_ONLY), ("glossary", SITEGEN_MINIMAL_TITLE_ONLY)):
        write(os.path.join(minimal, "Templates", f"{name}.mustache"), text)


if __name__ == "__main__":
    main(sys.argv)
