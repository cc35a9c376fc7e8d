"""Language of parts (WCAG 3.1.2): every English passage on a Thai page is marked lang="en".

axe-core cannot see this (it checks only that lang values are valid). The check walks the rendered
text of each page in Chromium: a run of three or more Latin-script words (one of them a lowercase
word of three letters or more) whose nearest lang attribute is not English is a failure.
"""

from __future__ import annotations

_UNMARKED_JS = r"""
() => {
  const run = /[A-Za-z][A-Za-z'’.\-]*(?:[ \t\n,:;()\-]+[A-Za-z][A-Za-z'’.\-]*){2,}/g;
  const skip = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'NOSCRIPT', 'TITLE']);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script,style,code,pre,noscript')) continue;
    const lang = (parent.closest('[lang]')?.getAttribute('lang') || '').toLowerCase();
    if (lang.startsWith('en')) continue;
    // URLs, e-mail addresses and paths are names, not English passages.
    const text = node.data.replace(/(?:https?:\/\/|www\.)\S+|\S+@\S+|\S*[A-Za-z0-9]\/[A-Za-z0-9]\S*/g, ' ');
    for (const match of text.matchAll(run)) {
      const words = match[0].match(/[A-Za-z]+/g) || [];
      if (words.some(w => w.length >= 3 && /[a-z]/.test(w))) found.push(match[0].trim());
    }
  }
  return found;
}
"""


def unmarked_english(page) -> list[str]:
    return page.evaluate(_UNMARKED_JS)


def test_english_passages_are_marked_on_every_page(page, site):
    report = []
    for path in site.pages:
        page.goto(site.url(path))
        found = unmarked_english(page)
        if found:
            report.append(f"{path}: {found[:5]}")
    assert not report, "English passages without lang=\"en\":\n" + "\n".join(report)


def test_the_check_finds_an_unmarked_passage(page):
    page.set_content('<html lang="th"><body><p>ภาษาไทย (Integrity and Transparency Assessment)</p>'
                     '<p>ไทย <span lang="en">marked English words</span> ITA OIT PDF</p>'
                     '<p>https://www.x.go.th/2567/o43/files/no-gift-policy-notice.pdf</p></body></html>')
    assert unmarked_english(page) == ["Integrity and Transparency Assessment"]


def test_about_page_marks_its_english_section(page, default_site):
    page.goto(default_site.url("/about/"))
    assert page.locator('h2[lang="en"]', has_text="About this site").count() == 1
    assert page.locator('p[lang="en"]', has_text="This site is part of Satun Province").count() == 1
    assert page.locator('span[lang="en"]', has_text="Integrity and Transparency Assessment").count() >= 1
