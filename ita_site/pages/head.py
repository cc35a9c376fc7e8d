"""What every page carries besides its own content: the <head> links (feeds, open data, search),
the schema.org JSON-LD of the agency and the site, and the feeds' titles.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ita_site import thai, urls
from ita_site.model import site as model


def data_links(link) -> list[dict]:
    """Footer links to the data files, made relative by the page's `link`."""
    names = (("items.json", "รายการ (JSON)"), ("items.csv", "รายการ (CSV)"),
             ("measures.json", "มาตรการ (JSON)"), ("measures.csv", "มาตรการ (CSV)"))
    return [{"title": title, "href": link(urls.data_file(name))} for name, title in names]


def head(site: model.Site, url: str, link) -> dict:
    """What base.html puts in <head> and the footer besides the page's own title and description."""
    return {
        "feeds": [{"title": title, "href": link(path)} for title, path in head_links(site, url)],
        "jsonld": jsonld(site),
        "data": data_links(link),
        "feed": link(urls.site_feed()),
        "search": link(urls.SEARCH),
    }


def feed_title(site: model.Site, fy: int | None = None) -> str:
    scope = f" ปีงบประมาณ พ.ศ. {thai.to_digits(fy, site.digits)}" if fy else ""
    return f"รายการเปิดเผยข้อมูลสาธารณะ (OIT){scope} {site.agency}"


def head_links(site: model.Site, page_url: str) -> list[tuple[str, str]]:
    """(title, URL path) of the feeds a page announces: the site's, and its year's on year pages."""
    links = [(feed_title(site), urls.site_feed())]
    for year in site.years:
        if page_url.startswith(year.url):
            links.append((feed_title(site, year.number), urls.year_feed(year.number)))
    return links


def organization(site: model.Site) -> dict:
    contact = site.contact
    org = {"@type": "GovernmentOrganization", "@id": site.main_site + "#organization", "name": site.agency,
           "url": site.main_site}
    if site.agency_en:
        org["alternateName"] = site.agency_en
    for key, prop in (("phone", "telephone"), ("fax", "faxNumber")):   # E.164, as machines expect
        number = thai.e164(contact[key]) if contact.get(key) else None
        if number:
            org[prop] = number
    if contact.get("email"):
        org["email"] = str(contact["email"])
    if contact.get("hotline"):
        org["contactPoint"] = {"@type": "ContactPoint", "telephone": thai.to_digits(str(contact["hotline"]), "arabic"),
                               "contactType": "hotline", "areaServed": "TH"}
    if contact.get("address"):
        org["address"] = {"@type": "PostalAddress", **thai.postal_address(contact["address"]), "addressCountry": "TH"}
    return org


def jsonld(site: model.Site) -> Markup:
    """A JSON-LD data block: the agency (GovernmentOrganization) and this website with its search."""
    website = {"@type": "WebSite", "@id": site.base_url + "#website", "url": site.base_url, "inLanguage": "th",
               "name": f"การเปิดเผยข้อมูลสาธารณะ (ITA/OIT) {site.agency}",
               "publisher": {"@id": site.main_site + "#organization"},
               "potentialAction": {"@type": "SearchAction",
                                   "target": urls.absolute(site.base_url, urls.SEARCH) + "?q={search_term_string}",
                                   "query-input": "required name=search_term_string"}}
    data = {"@context": "https://schema.org", "@graph": [organization(site), website]}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</script" or "<!--" would end or confuse the block: escape < > & as JSON \u escapes.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
