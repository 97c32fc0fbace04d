"""The outlet registry: one name per outlet from the user file, the bundled table, the page, the host."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax import outlets
from parallax.model import Article
from parallax.outlets import OutletFileError, coverage, info, name_of, use_file


def art(url: str | None = None, outlet: str | None = None, source: str = "x.txt", **kw: object) -> Article:
    return Article(id="a1b2c3d4e5f60718", source=source, text="Text.", url=url, outlet=outlet, **kw)  # type: ignore[arg-type]


def test_bundled_outlets_by_host_subdomain_and_alias() -> None:
    assert name_of(art("https://www.reuters.com/world/x")) == "Reuters"
    assert name_of(art("https://edition.cnn.com/2019/02/28/x")) == "CNN"
    assert name_of(art(outlet="Guardian")) == "The Guardian"
    assert name_of(art(outlet="the  guardian")) == "The Guardian"
    o = info("Breitbart News")
    assert o is not None and o.leaning == "right" and o.country == "US"


def test_unknown_outlets_get_a_readable_name_never_an_id_or_file_name() -> None:
    assert name_of(art("https://www.example-news.org/a/1", source="004_209fc3f3fdbf8afa.txt")) == (
        "example-news.org"
    )
    assert name_of(art(outlet=" Daily Example ")) == "Daily Example"
    nameless = art(source="/crawl/004_209fc3f3fdbf8afa.txt")
    assert name_of(nameless) == "unknown outlet"
    assert name_of(art(source="/crawl/1.txt", authors=["Lim Chang-won"])) == "unknown outlet (Lim Chang-won)"


def test_name_of_is_stable_when_applied_again() -> None:
    for a in (art("https://apnews.com/x"), art(outlet="Sputnik News"), art(authors=["A B"])):
        first = name_of(a)
        a.outlet = first
        assert name_of(a) == first


def test_user_toml_names_by_file_pattern_and_domain_first(tmp_path: Path) -> None:
    f = tmp_path / "outlets.toml"
    f.write_text(
        '[[outlet]]\nname = "Aju Daily"\nmatch = ["*/seeds/004_*", "ajunews.com"]\nleaning = "center"\n'
        '[[outlet]]\nname = "My Reuters"\ndomains = ["reuters.com"]\nleaning = "lean-right"\n',
        encoding="utf-8",
    )
    use_file(f)
    assert name_of(art(source="/work/shared/seeds/004_209fc3f3fdbf8afa.txt")) == "Aju Daily"
    assert name_of(art("http://ajunews.com/view/1")) == "Aju Daily"
    assert name_of(art("https://reuters.com/x")) == "My Reuters"
    assert info("My Reuters").leaning == "lean right"  # type: ignore[union-attr]
    use_file(None)
    assert name_of(art("https://reuters.com/x")) == "Reuters"


def test_user_csv_file(tmp_path: Path) -> None:
    f = tmp_path / "outlets.csv"
    f.write_text("name,domains,leaning,country,owner\nPaper,paper.example;p.example,left,NO,Someone\n")
    use_file(f)
    o = info("Paper")
    assert name_of(art("https://news.p.example/1")) == "Paper"
    assert o is not None and (o.leaning, o.country, o.owner) == ("left", "NO", "Someone")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.toml", '[[outlet]]\nname = "X"\nleaning = "far out"\n', "leaning 'far out'"),
        ("bad.toml", "[[outlet]\n", "bad.toml"),
        ("bad.csv", "name,colour\nX,red\n", "unknown field(s) colour"),
        ("bad.csv", "name,domains\n,x.example\n", "needs a name"),
    ],
)
def test_bad_user_files_say_what_is_wrong(tmp_path: Path, name: str, text: str, message: str) -> None:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(OutletFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        use_file(f)
    assert outlets.ENV not in __import__("os").environ


def test_coverage_by_leaning_and_one_sided() -> None:
    cov = coverage(["CNN", "HuffPost", "Reuters", "Sputnik", "Blog"])
    assert cov.by_leaning["left"] == ["CNN", "HuffPost"] and cov.by_leaning["center"] == ["Reuters"]
    assert cov.unrated == ["Sputnik", "Blog"] and cov.one_sided is None
    assert coverage(["Fox News", "Breitbart News", "New York Post", "Blog"]).one_sided == "right"
    assert coverage(["The Guardian", "MSNBC"]).one_sided == "left"
    assert coverage(["Blog", "Sputnik"]).one_sided is None  # nothing rated: no side


def test_bundled_table_is_well_formed() -> None:
    from parallax.outlets.registry import bundled

    table = bundled()
    names = [o.name for o in table]
    assert len(names) == len(set(names)) >= 30
    assert all(o.domains and o.country and o.owner for o in table)
