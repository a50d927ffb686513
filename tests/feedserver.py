"""A news site for the watcher's tests, served on 127.0.0.1: RSS and Atom feeds, article pages,
and the faults a real site has (a hanging answer, a huge page, a redirect loop, garbage, errors).

The articles are written for the tests (Arabic, with places and events the parser finds).
"""
from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLES = {
    "misrata": ("قصف مدفعي على مصراتة",
                "قال مصدر عسكري إن قوات حفتر قصفت بالمدفعية الثقيلة أحياء في مدينة مصراتة فجر الثلاثاء، "
                "ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين. وأضاف المصدر أن القصف استهدف منطقة سكنية "
                "قرب الميناء، وأن سيارات الإسعاف نقلت الجرحى إلى المستشفى المركزي في المدينة."),
    "sirte": ("اشتباكات غرب سرت",
              "اندلعت اشتباكات عنيفة بين قوات حكومة الوفاق وقوات حفتر في منطقة الوشكة غرب مدينة سرت يوم "
              "الأربعاء، واستخدم الطرفان الأسلحة الثقيلة. وقالت مصادر محلية إن المعارك استمرت عدة ساعات "
              "قبل أن تتراجع القوات المهاجمة نحو مواقعها السابقة شرق المنطقة."),
    "tripoli": ("مظاهرة في طرابلس",
                "تظاهر مئات المواطنين في ميدان الشهداء وسط العاصمة الليبية طرابلس يوم الخميس احتجاجا على "
                "انقطاع الكهرباء وتردي الخدمات، ورفع المتظاهرون لافتات تطالب الحكومة بحلول عاجلة للأزمة "
                "التي تعيشها المدينة منذ أسابيع."),
    "natanz": ("انفجار قرب نطنز",
               "أفادت وسائل إعلام إيرانية بوقوع انفجار قرب منشأة نطنز النووية وسط إيران صباح الجمعة، وقال "
               "متحدث باسم هيئة الطاقة الذرية إن الانفجار لم يسفر عن إصابات وإن فرق الإطفاء سيطرت على "
               "الحريق الذي اندلع في أحد المباني الملحقة بالمنشأة."),
}
#: Published dates of the articles, as the feeds give them.
DATES = {"misrata": (2024, 3, 12), "sirte": (2024, 3, 13), "tripoli": (2024, 3, 14), "natanz": (2024, 3, 15)}


def page(slug: str) -> bytes:
    title, body = ARTICLES[slug]
    return (f"<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>الرئيسية</a> | <a href='/libya'>ليبيا</a></nav>"
            f"<article><h1>{title}</h1><p>{body}</p></article>"
            f"<footer>جميع الحقوق محفوظة</footer></body></html>").encode("utf-8")


def _rfc822(ymd) -> str:
    return formatdate(time.mktime((*ymd, 9, 0, 0, 0, 0, 0)), usegmt=True)


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed of ``(slug, path)`` items."""
    out = ["<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>أخبار ليبيا</title>"
           f"<link>{base}/</link><description>test</description>"]
    for slug, path in items:
        out.append(f"<item><title>{ARTICLES[slug][0]}</title><link>{base}{path}</link>"
                   f"<guid>{base}{path}</guid><pubDate>{_rfc822(DATES[slug])}</pubDate></item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def atom(base: str, items: list[tuple[str, str]]) -> bytes:
    out = ["<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
           f"<title>وكالة الأنباء</title><id>{base}/atom</id><updated>2024-03-15T09:00:00Z</updated>"]
    for slug, path in items:
        y, m, d = DATES[slug]
        out.append(f"<entry><title>{ARTICLES[slug][0]}</title><link href='{base}{path}'/><id>{base}{path}</id>"
                   f"<updated>{y:04d}-{m:02d}-{d:02d}T09:00:00Z</updated></entry>")
    out.append("</feed>")
    return "".join(out).encode("utf-8")


class Site:
    """The test site: ``routes`` maps a path to ``(status, headers, body)`` or to a callable
    ``handler -> None`` for the special answers; ``hits`` counts requests per path."""

    def __init__(self):
        self.routes: dict = {}
        self.hits: dict[str, int] = {}
        self.headers_seen: dict[str, dict] = {}
        self.delay = 0.0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                site.headers_seen[self.path] = dict(self.headers)
                if site.delay:
                    time.sleep(site.delay)
                route = site.routes.get(self.path)
                if route is None:
                    return self._send(404, {}, b"not found")
                if callable(route):
                    return route(self)
                status, headers, body = route
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    return self._send(304, {"ETag": etag}, b"")
                self._send(status, headers, body)

            def _send(self, status, headers, body):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def _html_without_length(h) -> None:
    """Start a 200 HTML answer whose length is not said (the body follows, or does not)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()


def hang(seconds: float):
    """An answer that sends its headers and then nothing for ``seconds``."""
    def handler(h):
        _html_without_length(h)
        h.wfile.flush()
        time.sleep(seconds)
    return handler


def huge(total: int):
    """A page of ``total`` bytes with no Content-Length, streamed in chunks."""
    def handler(h):
        _html_without_length(h)
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        sent = 0
        try:
            while sent < total:
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
    return handler


def redirect_to(path: str):
    def handler(h):
        h.send_response(302)
        h.send_header("Location", path)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return handler
