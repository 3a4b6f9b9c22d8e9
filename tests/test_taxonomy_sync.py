"""The generated taxonomy files are committed; they must be exactly what the source generates."""
from disclose import api
from disclose.paths import TAXONOMY_BUILD


def test_generated_taxonomy_in_sync_with_source():
    stale = api.generate_taxonomy(check=True)
    assert stale == [], f"run `disclose taxonomy` and commit src/disclose/data/taxonomy/2026/: {stale}"


def test_every_concept_has_english_and_japanese_labels():
    src = api.taxonomy_source()
    for c in src.concepts.values():
        if not c.abstract:
            assert c.labels["label"].get("en") and c.labels["label"].get("ja"), c.name
    for axis in src.axes.values():
        for m in (axis.domain, *axis.members):
            assert m.labels["label"].get("en"), m.name
    lab_ja = (TAXONOMY_BUILD / "disclose-2026_lab-ja.xml").read_text(encoding="utf-8")
    assert 'xml:lang="ja"' in lab_ja
