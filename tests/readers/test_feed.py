from readerkit import errors, gz, read_all, records

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <item>
    <title>Strike talks stall</title>
    <link>https://gazette.example/strike-talks</link>
    <guid>gazette-1001</guid>
    <pubDate>Thu, 12 Mar 2026 18:05:00 +0100</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Talks between the union and the port authority stalled on Thursday.</p>
<p>"We are not moving," union leader Mira Osk said.</p><script>alert(1)</script>]]></content:encoded>
  </item>
  <item>
    <title>Teaser only</title>
    <link>https://gazette.example/teaser</link>
    <description>&lt;p&gt;Only a summary, in HTML.&lt;/p&gt;</description>
  </item>
  <item><title>No body at all</title><link>https://gazette.example/empty</link></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Kestrel Ledger</title>
  <entry>
    <title>Recount begins</title>
    <id>tag:ledger.example,2026:recount-1</id>
    <link href="https://ledger.example/recount"/>
    <updated>2026-04-02T10:00:00Z</updated>
    <published>2026-04-02T08:15:00+02:00</published>
    <content type="html">&lt;p&gt;The recount began at 8 a.m.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_entries_with_content(write):
    path = write("gazette.rss", RSS)
    items = read_all(path)
    assert not errors(items)
    first, second = records(items)
    assert first.kind == "html"
    assert first.url == "https://gazette.example/strike-talks"
    assert first.title == "Strike talks stall"
    assert first.outlet == "Harbour Gazette"
    assert first.record_id == "gazette-1001"
    assert first.published == "2026-03-12T17:05:00+00:00"
    assert first.source == f"{path}#1"
    assert "union leader Mira Osk said" in first.content
    assert "<title>Strike talks stall</title>" in first.content
    assert "alert(1)" not in first.content  # feedparser sanitises entry HTML
    assert "Only a summary" in second.content and second.source == f"{path}#2"


def test_atom_and_sniffing_without_extension(write):
    (rec,) = read_all(write("download", gz(ATOM.encode())))
    assert rec.outlet == "Kestrel Ledger"
    assert rec.url == "https://ledger.example/recount"
    assert rec.published == "2026-04-02T06:15:00+00:00"
    assert "The recount began at 8 a.m." in rec.content


def test_xml_that_is_not_a_feed(write):
    (err,) = read_all(write("sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>'))
    assert "no feed entries" in err.reason


def test_feed_whose_entries_are_all_empty(write):
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss>'
    (err,) = read_all(write("empty.rss", rss))
    assert "no feed entry has content" in err.reason
