"""Helpers for the ingest tests: Arabic sample text, HTML pages and WARC files built with warcio's writer."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: A short Arabic news paragraph (written for these tests).
ARABIC = (
    "قتل خمسة جنود عراقيين وأصيب ثلاثة آخرون فجر الخميس في هجوم شنه مسلحون على حاجز للجيش في قضاء "
    "الطارمية شمال العاصمة بغداد، بحسب ما أفاد مصدر أمني. وقال المصدر إن المهاجمين استخدموا أسلحة "
    "خفيفة ومتوسطة في الهجوم الذي استمر نحو ساعة، قبل أن تصل تعزيزات عسكرية إلى المكان."
)

#: (WARC-Target-URI, HTTP status, Content-Type, body) of one response record; None status = no HTTP.
Record = tuple[str, str, str, bytes]


def page(title: str, body: str, extra_head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<!DOCTYPE html><html lang='ar'><head><title>{title}</title>{extra_head}</head>"
        f"<body><nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def write_warc(path: Path, records: list[Record], *, gzip: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "marsad tests"}))
    for uri, status, content_type, body in records:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2020-05-06T07:08:09Z"},
        )
        writer.write_record(record)
        request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
    data = buf.getvalue()
    path.write_bytes(data)
    return data
