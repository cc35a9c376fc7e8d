"""The command-line arguments of `ita-site server-config`, `deploy` and `verify` (cli.py runs them)."""

from __future__ import annotations

from pathlib import Path


def add_parsers(sub, common) -> None:
    conf = sub.add_parser("server-config", help="พิมพ์กฎของเว็บเซิร์ฟเวอร์: nginx, apache หรือ iis "
                                                "(print the server rules for nginx, an Apache vhost or IIS web.config)")
    conf.add_argument("kind", choices=("nginx", "apache", "iis"),
                      help="ชนิดของเว็บเซิร์ฟเวอร์ / the web server: nginx, apache or iis")
    conf.add_argument("--root", default="/var/www/html",
                      help="โฟลเดอร์รากของเว็บไซต์หลักบนเซิร์ฟเวอร์ (the main site's document root; default: /var/www/html)")
    common(conf)
    dep = sub.add_parser("deploy", help="ส่งเว็บไซต์ที่สร้างแล้วไปยังโฟลเดอร์ sftp:// ftps:// หรือ ftp:// "
                                        "(upload the built site to a folder, sftp://, ftps:// or ftp://)",
                         epilog="รหัสผ่าน FTP: ตัวแปร ITA_SITE_DEPLOY_PASSWORD; กุญแจ SSH: --key หรือ ITA_SITE_SSH_KEY "
                                "(FTP password from ITA_SITE_DEPLOY_PASSWORD; SSH key from --key or ITA_SITE_SSH_KEY)")
    dep.add_argument("dest", metavar="DEST", help="เช่น /var/www/html/ita, sftp://user@host/var/www/html/ita, "
                                                   "ftps://user@host/public_html/ita")
    dep.add_argument("--dry-run", "-n", action="store_true", help="แสดงว่าจะเปลี่ยนอะไร ไม่เปลี่ยนจริง (show, change nothing)")
    dep.add_argument("--output", type=Path, default=None, help="เว็บไซต์ที่สร้างแล้ว (the built site; default: PROJECT/output)")
    dep.add_argument("--key", help="ไฟล์กุญแจ SSH (SSH private key file; default: ssh-agent, ~/.ssh)")
    dep.add_argument("--known-hosts", help="ไฟล์ known_hosts ที่มีกุญแจของเซิร์ฟเวอร์ (known_hosts file with the server's key)")
    dep.add_argument("--ca-file", help="ใบรับรอง CA สำหรับ ftps:// (CA certificates to trust for ftps://)")
    common(dep)
    ver = sub.add_parser("verify", help="เปิดทุก URL ของเว็บไซต์แบบผู้ประเมิน แล้วรายงานปัญหา "
                                        "(open every URL of the site as an assessor would; report problems)")
    ver.add_argument("url", nargs="?", help="ที่อยู่ที่จะตรวจ (default: base_url; or a staging address)")
    ver.add_argument("--output", type=Path, default=None, help="เว็บไซต์ที่สร้างแล้ว (the built site; default: PROJECT/output)")
    ver.add_argument("--timeout", type=float, default=20.0, help="วินาทีต่อคำขอ (seconds per request; default 20)")
    ver.add_argument("--jobs", type=int, default=8, help="จำนวนคำขอพร้อมกัน (requests at a time; default 8)")
    common(ver)
