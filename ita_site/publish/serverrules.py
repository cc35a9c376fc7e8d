"""Server rules built with the site: output/.htaccess, and the same rules for nginx, an Apache vhost and IIS.

One set of rules, written four ways: the site's own 404 page, a 301 for every moved page and attachment
in site.yaml `redirects:`, the security headers and CSP of docs/security-headers.md, charset, caching
and compression. Every path is the site's folder (the path of base_url, "/ita/"), so the rules touch
nothing of the main site beside it. In .htaccess every directive that needs a module sits inside
`<IfModule>`, so a host without that module serves the site without that rule instead of an error 500.
`RewriteEngine On` in the site's folder stops a WordPress (or Joomla) front controller in the folder
above from answering the site's missing URLs with its own page: Apache applies only the nearest
.htaccess's rewrite rules unless that one asks to inherit.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from ita_site import guard
from ita_site.model import site as model

# docs/security-headers.md is the reference; tests/test_serverrules.py holds the two equal.
HEADERS = (
    ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
                                "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("X-Frame-Options", "DENY"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")
TYPES = (("text/csv", ".csv"), ("application/atom+xml", ".atom"))
COMPRESSED = ("text/html", "text/css", "text/plain", "text/xml", "text/csv", "application/javascript",
              "application/json", "application/atom+xml", "application/xml", "image/svg+xml")
FONT_MAX_AGE = 2592000        # 30 days: fonts change only with a new ita-site version
FILE_NAME = ".htaccess"
KINDS = ("apache", "nginx", "iis")


def base_path(site: model.Site) -> str:
    """The URL path of the site's folder, "/ita/" for https://www.agency.go.th/ita/ ("/" at a domain root)."""
    path = "/" + site.base_url.split("://", 1)[-1].partition("/")[2]
    return path if path.endswith("/") else path + "/"


def moves(site: model.Site) -> list[tuple[str, str]]:
    """(old path, new URL) of every redirect, both as the server sees them ("/ita/2564/o1/")."""
    base = base_path(site)
    out = []
    for old, new in sorted(site.redirects.items()):
        if not _plain(old) or not _plain(new):
            continue     # site.yaml's schema refuses these; never write a rule an attacker shaped
        target = new if "://" in new else base + new.lstrip("/")
        out.append((base + old.lstrip("/"), target))
    return out


def _plain(text: str) -> bool:
    return bool(text) and not any(c.isspace() or c in "\"'<>\\`$;{}" or ord(c) < 32 for c in text)


DEPLOY_RECORD = ".ita-site-deploy.json"      # deploy/plan.py MANIFEST: file names and checksums


def _pattern(old: str) -> str:
    """An anchored regex for one old path: a page matches with or without its slash and index.html."""
    if old.endswith("/"):
        return "^" + re.escape(old.rstrip("/")) + r"(/|/index\.html)?$"
    return "^" + re.escape(old) + "$"


def files(site: model.Site, ctx) -> list[tuple[str, bytes]]:
    """The output registry's unit (publish/outputs.py): .htaccess at the site's root."""
    return [(FILE_NAME, htaccess(site))]


def htaccess(site: model.Site) -> bytes:
    base = base_path(site)
    lines = [
        "# ita-site: server rules for this folder only (Apache 2.4, shared hosting). Made by `ita-site build`;",
        "# edit site.yaml and build again instead of editing this file. See docs/deploy.md.",
        "# กฎของเว็บเซิร์ฟเวอร์สำหรับโฟลเดอร์นี้เท่านั้น สร้างโดย ita-site build อย่าแก้ไฟล์นี้โดยตรง",
        "",
        f"ErrorDocument 404 {base}404.html",
        "AddDefaultCharset utf-8",
        "<IfModule mod_mime.c>",
        *(f"    AddType {mime} {ext}" for mime, ext in TYPES),
        "    AddCharset utf-8 .css .js .json .csv .xml .atom .txt",
        "</IfModule>",
        "<IfModule mod_dir.c>",
        "    DirectoryIndex index.html",
        "</IfModule>",
        "# The main site's rewrite rules (WordPress's index.php) stop at this folder.",
        "<IfModule mod_rewrite.c>",
        "    RewriteEngine On",
        "</IfModule>",
        f"# Not served: {DEPLOY_RECORD}, the record `ita-site deploy` keeps here, and any other .ita-site-* file.",
        "<IfModule mod_alias.c>",
        '    RedirectMatch 404 "/\\.ita-site-[^/]*$"',
        "</IfModule>",
    ]
    rules = moves(site)
    if rules:
        lines += ["# Moved pages and attachments (site.yaml redirects): 301 to the new address.",
                  "<IfModule mod_alias.c>",
                  *(f'    RedirectMatch 301 "{_pattern(old)}" "{new}"' for old, new in rules),
                  "</IfModule>"]
    lines += [
        "<IfModule mod_headers.c>",
        *(f'    Header always set {name} "{value}"' for name, value in HEADERS),
        "    # Only once https works for the whole host; read docs/security-headers.md (HSTS) first:",
        f'    # Header always set {HSTS[0]} "{HSTS[1]}"',
        '    Header set Cache-Control "no-cache"',
        '    <FilesMatch "\\.(woff2?|ttf)$">',
        f'        Header set Cache-Control "public, max-age={FONT_MAX_AGE}"',
        "    </FilesMatch>",
        "</IfModule>",
        "<IfModule mod_deflate.c>",
        "    AddOutputFilterByType DEFLATE " + " ".join(COMPRESSED),
        "</IfModule>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def apache_vhost(site: model.Site, root: str = "/var/www/html") -> str:
    """The same rules for a <VirtualHost> (or the main config), where .htaccess is not read."""
    base = base_path(site)
    body = htaccess(site).decode("utf-8").split("\n", 4)[4].rstrip("\n")
    inner = "\n".join(("    " + line) if line else "" for line in body.split("\n"))
    return (f"# Inside the main site's <VirtualHost *:443>; the site's files are {root}{base}\n"
            f'<Directory "{root}{base.rstrip("/")}">\n'
            "    Options -Indexes\n    AllowOverride None\n    Require all granted\n"
            f"{inner}\n</Directory>\n")


def nginx(site: model.Site, root: str = "/var/www/html") -> str:
    base = base_path(site)
    headers = [f'add_header {name} "{value}" always;' for name, value in HEADERS]
    pad = "\n        "
    lines = [
        f"# Inside the main site's server {{ }} block; the site's files are {root}{base}",
        f"location ^~ {base} {{",
        f"    root {root};",
        "    index index.html;",
        "    try_files $uri $uri/ =404;",
        f"    error_page 404 {base}404.html;",
        "    absolute_redirect off;",
        "    autoindex off;",
        "    include /etc/nginx/mime.types;",
        "    types { text/csv csv; application/atom+xml atom; }",
        "    charset utf-8;",
        "    charset_types text/css text/plain text/xml text/csv application/javascript application/json"
        " application/atom+xml;",
        "    gzip on;",
        "    gzip_types " + " ".join(t for t in COMPRESSED if t != "text/html") + ";",
        *("    " + h for h in headers),
        f'    # add_header {HSTS[0]} "{HSTS[1]}" always;   # only once https works for the whole host',
        '    add_header Cache-Control "no-cache" always;',
    ]
    lines.append(f"    location ~ /\\.ita-site-[^/]*$ {{ return 404; }}   # {DEPLOY_RECORD}: not served")
    for old, new in moves(site):
        lines.append(f"    location ~ {_pattern(old)} {{ return 301 {new}; }}")
    lines += [
        f"    location ~* ^{re.escape(base)}.*\\.(woff2?|ttf)$ {{",
        "        " + pad.join(headers),
        f'        add_header Cache-Control "public, max-age={FONT_MAX_AGE}";',
        "        try_files $uri =404;",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def iis(site: model.Site) -> str:
    """web.config for the site's folder. Redirects use the built-in HTTP Redirection (<httpRedirect>),
    not the optional URL Rewrite module, whose missing section would make IIS answer 500.19."""
    base = base_path(site)
    headers = "\n".join(f"        <add name={quoteattr(n)} value={quoteattr(v)} />" for n, v in HEADERS)
    types = "\n".join(f'      <remove fileExtension="{ext}" />\n      <mimeMap fileExtension="{ext}" mimeType="{mime}" />'
                      for mime, ext in TYPES)
    moved = []
    for old, new in moves(site):
        if not old.startswith(base):
            continue
        rel = old[len(base):].rstrip("/")
        moved.append(f"  <location path={quoteattr(rel)}>\n    <system.webServer>\n"
                     f"      <httpRedirect enabled=\"true\" destination={quoteattr(new)} exactDestination=\"true\""
                     f" httpResponseStatus=\"Permanent\" />\n    </system.webServer>\n  </location>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- ita-site: web.config for the site's folder ({base}); see docs/deploy.md -->
<configuration>
  <system.webServer>
    <directoryBrowse enabled="false" />
    <defaultDocument enabled="true"><files><clear /><add value="index.html" /></files></defaultDocument>
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" />
      <error statusCode="404" path="{base}404.html" responseMode="ExecuteURL" />
    </httpErrors>
    <httpProtocol>
      <customHeaders>
{headers}
        <add name="Cache-Control" value="no-cache" />
      </customHeaders>
    </httpProtocol>
    <staticContent>
{types}
    </staticContent>
    <urlCompression doStaticCompression="true" />
    <security><requestFiltering><hiddenSegments>
      <add segment="{DEPLOY_RECORD}" />
      <add segment="{guard.MARKER}" />
    </hiddenSegments></requestFiltering></security>
  </system.webServer>
{chr(10).join(moved)}
</configuration>
""".replace("\n\n</configuration>", "\n</configuration>")


def config(site: model.Site, kind: str, root: str = "/var/www/html") -> str:
    return iis(site) if kind == "iis" else {"apache": apache_vhost, "nginx": nginx}[kind](site, root.rstrip("/"))



def robots_note(site: model.Site) -> str | None:
    """Crawlers read robots.txt only at a host's root: under /ita/ the site's own robots.txt does nothing.

    A note on stdout, not a warning: it holds for every build of a site under a path, and a warning
    there would teach webmasters to skip warnings."""
    base = base_path(site)
    if base == "/":
        return None
    scheme, _, rest = site.base_url.partition("://")
    host = f"{scheme}://{rest.partition('/')[0]}"
    sitemap = site.base_url.rstrip("/") + "/sitemap.xml"
    return (f"หมายเหตุ: เว็บไซต์อยู่ใต้ {base} โปรแกรมค้นหาอ่านเฉพาะ {host}/robots.txt จึงควรเพิ่มบรรทัด "
            f"Sitemap: {sitemap} ใน robots.txt ของเว็บไซต์หลัก (note: under {base} the site's own robots.txt "
            f"has no effect; add that Sitemap: line to {host}/robots.txt)")
