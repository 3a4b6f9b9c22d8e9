"""disclose.schema_check: XML Schema check of the instance frame, offline, without Arelle."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from disclose.schema_check import REFUSED_DTD, SchemaFilesNotFound, check_instance_schema

INST = Path(__file__).parent / "data" / "arelle_mini" / "instances"
OK = (INST / "ok.xbrl").read_text()


def write(tmp_path: Path, text: str, name: str = "x.xbrl") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("path", sorted(INST.glob("*.xbrl")), ids=lambda p: p.name)
def test_valid_instances_have_no_messages(path):
    assert check_instance_schema(path) == []


def test_context_without_period(tmp_path):
    start = OK.index("<xbrli:period>")
    end = OK.index("</xbrli:period>") + len("</xbrli:period>")
    path = write(tmp_path, OK[:start] + OK[end:])
    (message,) = check_instance_schema(path)
    assert message.startswith("x.xbrl:7: ")  # the line of <xbrli:context id="FY2024">
    assert "xbrli:period" in message and "xbrli:context" in message


def test_fact_before_schema_ref_names_the_fact_and_its_line(tmp_path):
    fact = '<mini:ItemA id="early" contextRef="FY2024" unitRef="EUR" decimals="0">1</mini:ItemA>\n  '
    path = write(tmp_path, OK.replace("<link:schemaRef", fact + "<link:schemaRef"))
    (message,) = check_instance_schema(path)
    assert message.startswith("x.xbrl:6: ") and "'mini:ItemA'" in message and "link:schemaRef" in message


def test_bad_explicit_member_and_unit(tmp_path):
    text = (INST / "dims_ok.xbrl").read_text()
    text = text.replace(">dim:NorthMember<", ">not a qname<")
    text = text.replace("<xbrli:measure>iso4217:EUR</xbrli:measure>", "<xbrli:divide/>")
    messages = check_instance_schema(write(tmp_path, text))
    assert len(messages) == 2
    assert messages[0].startswith("x.xbrl:13: ") and "xs:QName" in messages[0] and "xbrldi:explicitMember" in messages[0]
    assert messages[1].startswith("x.xbrl:17: ") and "xbrli:unit" in messages[1]


def test_doctype_with_entities_is_refused(tmp_path):
    text = OK.replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xbrli:xbrl [\n'
        '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n  <!ENTITY lol "lol">\n]>\n',
    ).replace(">MINI<", ">&xxe;&lol;<", 1)
    assert check_instance_schema(write(tmp_path, text)) == [f"x.xbrl:2: {REFUSED_DTD}"]


def test_billion_laughs_is_refused_quickly(tmp_path):
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    text = OK.replace("<xbrli:xbrl ", f"<!DOCTYPE xbrli:xbrl [{entities}]>\n<xbrli:xbrl ", 1).replace(">MINI<", ">&a9;<", 1)
    assert check_instance_schema(write(tmp_path, text)) == [f"x.xbrl:2: {REFUSED_DTD}"]


def test_not_well_formed(tmp_path):
    (message,) = check_instance_schema(write(tmp_path, OK.replace("</xbrli:unit>", "</xbrli:unitt>")))
    assert message.startswith("x.xbrl:11: not well-formed XML")


def test_undeclared_entity_is_not_well_formed(tmp_path):
    (message,) = check_instance_schema(write(tmp_path, OK.replace(">MINI<", ">&xxe;<", 1)))
    assert "not well-formed XML" in message and "xxe" in message


def test_wrong_root(tmp_path):
    (message,) = check_instance_schema(write(tmp_path, '<?xml version="1.0"?>\n<foo/>\n'))
    assert message.startswith("x.xbrl:2: root element is foo")


def test_missing_standard_schemas_fail_loudly(tmp_path):
    with pytest.raises(SchemaFilesNotFound):
        check_instance_schema(INST / "ok.xbrl", resolve=lambda url: tmp_path / "absent.xsd")

    def raising(url: str) -> Path:
        raise FileNotFoundError(url)

    with pytest.raises(SchemaFilesNotFound):
        check_instance_schema(INST / "ok.xbrl", resolve=raising)


def test_does_not_import_arelle():
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from disclose.schema_check import check_instance_schema\n"
        f"assert check_instance_schema(Path({str(INST / 'ok.xbrl')!r})) == []\n"
        "assert 'arelle' not in sys.modules, 'schema_check imported arelle'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
