#!/usr/bin/env python3
"""Turn a `make_corpus.py --layout plain` corpus into an ita-site project of sections.

    DIR/index.md            (home: a list of section titles)   -> content/site.yaml + sNN/index.md titles
    DIR/sNN/page-NNNNN.md   (title, date, weight; `# title`)   -> content/pages/sNN/page-NNNNN.md

Front matter: `date` becomes `updated`, `weight` becomes `nav_order` (the order in the section's nav,
as the peers sort by weight). The body's leading `# title` is dropped (ita-site's page template owns
the <h1>); portable links `../sNN/page-NNNNN.md` become the published URLs `../../sNN/page-NNNNN/`.
Every other byte of the body is kept, so each tool renders the same Markdown.

Usage: plain_to_ita.py PLAIN_DIR PROJECT_DIR
"""

from __future__ import annotations

import os
import re
import shutil
import sys

LINK = re.compile(r"\]\(\.\./(s[0-9]+)/(page-[0-9]+)\.md\)")
SITE = """agency:
  name: หน่วยงานทดสอบความเร็ว
  name_en: Benchmark Agency
main_site: https://example.go.th/
base_url: https://example.go.th/bench/
digits: arabic
"""


def convert_page(text: str) -> str:
    assert text.startswith("---\n"), "front matter expected"
    end = text.index("\n---\n", 3)
    front = text[4:end].replace("\ndate: ", "\nupdated: ").replace("\nweight: ", "\nnav_order: ")
    body = text[end + 5:]
    title = front.split("\n", 1)[0].removeprefix("title: ")
    body = body.lstrip("\n").removeprefix(f"# {title}\n").lstrip("\n")
    return f"---\n{front}\n---\n\n" + LINK.sub(r"](../../\1/\2/)", body)


def section_titles(plain: str) -> list[str]:
    with open(os.path.join(plain, "index.md"), encoding="utf-8") as f:
        return [line[2:].strip() for line in f if line.startswith("- ")]


def convert(plain: str, project: str) -> int:
    content = os.path.join(project, "content")
    if os.path.exists(content):
        shutil.rmtree(content)
    pages = os.path.join(content, "pages")
    os.makedirs(pages)
    with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(SITE)
    titles = section_titles(plain)
    count = 0
    for number, section in enumerate(sorted(d for d in os.listdir(plain) if re.fullmatch(r"s[0-9]+", d))):
        os.makedirs(os.path.join(pages, section))
        with open(os.path.join(pages, section, "index.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {titles[number]}\n---\n")
        for name in sorted(os.listdir(os.path.join(plain, section))):
            with open(os.path.join(plain, section, name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(pages, section, name), "w", encoding="utf-8") as f:
                f.write(convert_page(text))
            count += 1
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    count = convert(argv[0], argv[1])
    print(f"converted {count} pages into {argv[1]}/content/pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
