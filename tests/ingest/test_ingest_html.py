"""News pages to articles: the report is kept, the page's furniture and Arabic-site boilerplate are not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import ARABIC, page

from marsad.ingest.articles import ArticleError
from marsad.ingest.html import article_from_html, clean_text, fragment_text, read_html_file
from marsad.ingest.items import sha1_id

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://www.news.example.org/iraq/2019/attack-checkpoint"
DEFAULT = datetime(2019, 7, 1, tzinfo=UTC)

NEVER = [
    "الرئيسية",  # navigation
    "عاجل: انخفاض",  # breaking-news ticker
    "الخط",  # font-size widget
    "شارك",
    "طباعة",
    "(رويترز)",
    "(Getty)",
    "(أ ف ب)",
    "اقرأ أيضا",
    "الحشد الشعبي يعلن",  # related headline
    "مقبرة جماعية",
    "الأكثر قراءة",
    "نجم كرة القدم",
    "جميع الحقوق محفوظة",
    "سياسة الخصوصية",
]


def test_news_page_keeps_the_report_and_drops_the_furniture() -> None:
    article = article_from_html((FIXTURES / "news_page.html").read_bytes(), url=URL)
    assert article.title == "مقتل خمسة جنود بهجوم على حاجز عسكري شمال بغداد"
    assert article.text.startswith("قتل خمسة جنود عراقيين وأصيب ثلاثة آخرون")
    assert "قضاء الطارمية" in article.text and article.text.endswith("ديالى والأنبار.")
    for junk in NEVER:
        assert junk not in article.text, junk
    assert article.published.date().isoformat() == "2019-03-14"  # the page's article:published_time
    assert (article.id, article.source, article.url) == (sha1_id(URL), "news.example.org", URL)


def test_boilerplate_inside_the_body_is_removed_and_captions_lose_their_credit() -> None:
    data = (FIXTURES / "news_page_inline.html").read_bytes()
    article = article_from_html(
        data, path="/data/basra.html", source="مرصد البصرة", default_published=DEFAULT
    )
    lines = article.text.split("\n")
    assert lines[0].startswith("تظاهر مئات من سكان محافظة البصرة")
    assert "متظاهرون يرفعون لافتات أمام مبنى مجلس المحافظة في البصرة" in lines  # caption kept, credit gone
    assert lines[-1].startswith("وتشهد البصرة منذ سنوات")
    for junk in [
        "الخط",
        "(أ ف ب)",
        "(رويترز)",
        "شارك",
        "طباعة",
        "ذات صلة",
        "أزمة الكهرباء",
        "الرميلة",
        "صادرات",
    ]:
        assert junk not in article.text, junk
    # No date in the page (the footer's year is not one): the caller's default.
    assert article.published == DEFAULT
    assert (article.id, article.source) == (sha1_id("/data/basra.html"), "مرصد البصرة")


def test_no_date_and_no_default_is_bad_date() -> None:
    with pytest.raises(ArticleError) as err:
        article_from_html((FIXTURES / "news_page_inline.html").read_bytes(), path="p.html")
    assert err.value.code == "bad_date"


def test_windows_1256_page_is_decoded_from_its_http_charset_or_by_detection() -> None:
    html = page("انفجار في الموصل", ARABIC + "\n" + ARABIC)
    data = html.encode("cp1256")
    for charset in ("windows-1256", None):
        article = article_from_html(
            data, url="http://x.example/a", default_published=DEFAULT, charset=charset
        )
        assert article.title == "انفجار في الموصل" and ARABIC in article.text


def test_page_without_text_is_empty() -> None:
    with pytest.raises(ArticleError) as err:
        article_from_html(b"<html><body><script>var a = 1;</script><div></div></body></html>", path="e.html")
    assert err.value.code == "empty"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("(رويترز)", ""),
        ("(Getty Images)", ""),
        ("أ ف ب", ""),
        ("+ الخط -", ""),
        ("تكبير الخط", ""),
        ("شارك | طباعة | أرسل", ""),
        ("صورة من موقع الانفجار في حلب (أ ف ب)", "صورة من موقع الانفجار في حلب"),
        ("وقال الشاهد إنه شارك في إسعاف الجرحى.", "وقال الشاهد إنه شارك في إسعاف الجرحى."),
    ],
)
def test_clean_text_line_by_line(line: str, kept: str) -> None:
    assert clean_text(f"سطر أول.\n{line}\nسطر أخير.") == "\n".join(
        x for x in ["سطر أول.", kept, "سطر أخير."] if x
    )


def test_related_list_ends_at_the_first_real_paragraph() -> None:
    text = (
        "فقرة أولى.\nاقرأ المزيد\nعنوان أول\nعنوان ثان\nوأضاف المصدر أن التحقيق مستمر في الحادث منذ الصباح."
    )
    assert clean_text(text) == "فقرة أولى.\nوأضاف المصدر أن التحقيق مستمر في الحادث منذ الصباح."


def test_fragment_text_reads_feed_content() -> None:
    html = (
        "<p>قتل <b>ثلاثة</b> مدنيين.</p><p>(رويترز)</p><script>var x = 1;</script><p>شارك</p>"
        "وأضاف &amp; قال<br>سطر"
    )
    assert fragment_text(html) == "قتل ثلاثة مدنيين.\nوأضاف & قال\nسطر"


def test_html_file_is_read_and_a_missing_one_is_unreadable(tmp_path: Path) -> None:
    article = read_html_file(FIXTURES / "news_page.html")
    assert article.id == sha1_id((FIXTURES / "news_page.html").resolve().as_posix())
    with pytest.raises(ArticleError) as err:
        read_html_file(tmp_path / "missing.html")
    assert err.value.code == "unreadable"
